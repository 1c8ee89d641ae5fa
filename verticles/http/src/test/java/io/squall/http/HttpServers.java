package io.squall.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Deploys an http verticle for a test and tells its port. */
final class HttpServers {

  private HttpServers() {
  }

  /** A cookie secret for tests that configure none (a production start needs one). */
  static final Map<String, String> TEST_COOKIE_SECRETS = Map.of("1", "test-only-cookie-secret-0123456789abcdef");

  /**
   * Deploys with {@code options} on a free port (port 0 is replaced), waits, and returns the port. Options without
   * a cookie secret get {@link #TEST_COOKIE_SECRETS}.
   */
  static int deploy(Vertx vertx, HttpOptions options) {
    return deploy(vertx, new HttpVerticle(), options);
  }

  /** Deploys a given (perhaps customized) verticle instance. */
  static int deploy(Vertx vertx, HttpVerticle verticle, HttpOptions options) {
    HttpOptions copy = new HttpOptions(options).setHost("127.0.0.1").setPort(0);
    if (copy.getCookieSecrets().isEmpty() && copy.getCookieSecretFile() == null) {
      copy.setCookieSecrets(TEST_COOKIE_SECRETS);
    }
    try {
      vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(copy.toJson()))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
    return verticle.actualPort();
  }
}
