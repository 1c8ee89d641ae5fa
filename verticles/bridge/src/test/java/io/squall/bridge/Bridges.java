package io.squall.bridge;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Deploys a bridge on a free loopback port, and a stand-in auth service that knows a few tokens. */
final class Bridges {

  private Bridges() {
  }

  /** @return the port */
  static int deploy(Vertx vertx, BridgeOptions options) {
    BridgeVerticle verticle = new BridgeVerticle();
    WsClient.await(vertx.deployVerticle(verticle, new DeploymentOptions()
        .setConfig(new BridgeOptions(options).setHost("127.0.0.1").setPort(0).toJson())));
    return verticle.actualPort();
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
