package io.squall.bridge;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * Deploys a bridge on a free loopback port, and a stand-in auth service that knows a few tokens; browsers are
 * squall-testing's {@code BridgeClient}.
 */
final class Bridges {

  private Bridges() {
  }

  /** @return the port */
  static int deploy(Vertx vertx, BridgeOptions options) {
    BridgeVerticle verticle = new BridgeVerticle();
    Bridges.await(vertx.deployVerticle(verticle, new DeploymentOptions()
        .setConfig(new BridgeOptions(options).setHost("127.0.0.1").setPort(0).toJson())));
    return verticle.actualPort();
  }

  /** A future's result, within 20 s. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e.getCause() != null ? e.getCause() : e);
    }
  }

  static PermitOptions permit(String address) {
    return new PermitOptions().setAddress(address);
  }

  /** Tokens {@code t-<user>} are valid for {@code <user>} with role user (and admin for root); others are 401. */
  static void fakeAuth(Vertx vertx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_VERIFY, m -> {
      String token = m.body().getString("token", "");
      if (!token.startsWith("t-")) {
        m.fail(Failures.UNAUTHENTICATED, "the token is not valid");
        return;
      }
      String user = token.substring(2);
      JsonArray roles = new JsonArray().add("user");
      if (user.equals("root")) {
        roles.add("admin");
      }
      m.reply(new JsonObject().put("user", new JsonObject().put("id", user).put("name", user).put("roles", roles)));
    });
  }
}
