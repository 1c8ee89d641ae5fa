package io.squall.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** Deploys an http verticle for a test and tells its port. */
final class HttpServers {

  private HttpServers() {
  }

  /** Deploys with {@code options} on a free port (port 0 is replaced), waits, and returns the port. */
  static int deploy(Vertx vertx, HttpOptions options) {
    HttpVerticle verticle = new HttpVerticle();
    HttpOptions copy = new HttpOptions(options).setHost("127.0.0.1").setPort(0);
    try {
      vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(copy.toJson()))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
    return verticle.actualPort();
  }
}
