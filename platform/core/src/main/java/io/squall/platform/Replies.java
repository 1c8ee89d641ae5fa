package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * A service address the Squall way: JSON object requests, a Future for the answer, and every failure as an HTTP
 * status with a message safe to show ({@link Failures}); a body that is not a JSON object is a 400, and a 500 is
 * logged with its cause (its message is not sent back).
 */
public final class Replies {

  private Replies() {
  }

  @SuppressWarnings("unchecked")
  public static MessageConsumer<Object> consumer(Vertx vertx, String address,
                                                 Function<Message<JsonObject>, Future<JsonObject>> handler, Logger log) {
    return vertx.eventBus().consumer(address, msg -> {
      if (!(msg.body() instanceof JsonObject)) {
        msg.fail(Failures.BAD_REQUEST, "a JSON object body is required");
        return;
      }
      Future<JsonObject> reply;
      try {
        reply = handler.apply((Message<JsonObject>) (Message<?>) msg);
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(msg::reply).onFailure(e -> {
        int status = Failures.httpStatus(e);
        if (status == Failures.INTERNAL) {
          log.error("{} failed", address, e);
        }
        msg.fail(status, Failures.safeMessage(e));
      });
    });
  }
}
