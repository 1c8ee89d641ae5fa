package io.squall.testing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test verticle on {@code address} (default {@value #DEFAULT_ADDRESS}): with {@code answer: true} it answers
 * {@code {"from": tag}} at once; otherwise it keeps every request unanswered and logs {@value #HELD} and the count,
 * as a node that dies mid-request leaves its senders waiting. Nodes of one descriptor tell them apart with
 * {@code --set <name>.answer=...}.
 */
public class HoldingVerticle extends VerticleBase {

  public static final String DEFAULT_ADDRESS = "squall.test.hold";
  /** What the log says each time a request is held. */
  public static final String HELD = "holding request";

  private static final Logger log = LoggerFactory.getLogger(HoldingVerticle.class);
  private int held;

  @Override
  public Future<?> start() {
    boolean answer = config().getBoolean("answer", false);
    String tag = config().getString("tag", "holder");
    return vertx.eventBus().<Object>consumer(config().getString("address", DEFAULT_ADDRESS), msg -> {
      if (answer) {
        msg.reply(new JsonObject().put("from", tag));
      } else {
        log.info("{} {}", HELD, ++held);
      }
    }).completion();
  }
}
