package io.squall.testing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * Test verticle: answers on {@code address} (default {@value #DEFAULT_ADDRESS}) with
 * {@code {"echo": body, "from": tag, "user"?: <squall-user header>}}, so a test can tell which node answered, and
 * for whom.
 */
public class EchoVerticle extends VerticleBase {

  public static final String DEFAULT_ADDRESS = "squall.test.echo";

  @Override
  public Future<?> start() {
    String tag = config().getString("tag", "echo");
    return vertx.eventBus().<Object>consumer(config().getString("address", DEFAULT_ADDRESS),
            msg -> {
              JsonObject reply = new JsonObject().put("echo", msg.body()).put("from", tag);
              if (msg.headers().contains("squall-user")) {
                reply.put("user", msg.headers().get("squall-user"));
              }
              msg.reply(reply);
            })
        .completion();
  }
}
