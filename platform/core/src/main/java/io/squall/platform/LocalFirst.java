package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Request/reply that stays on this node when it can: a service deployed here (templates, auth) answers without a
 * network hop, and a node without it still reaches another node's. The clustered event bus alone would round-robin
 * over every node's consumers, and that is also what loses requests in a rolling restart: a request that reaches a
 * node whose consumer has just been undeployed is dropped there (Vert.x sends no failure back), and its sender
 * waits for the timeout. Nodes that answer their own requests do not depend on a draining neighbour.
 */
public final class LocalFirst {

  private LocalFirst() {
  }

  /** This node's consumers first (local-only delivery fails at once when there are none), then any node's. */
  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, long timeoutMs) {
    return request(vertx, address, body, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /** As {@link #request(Vertx, String, Object, long)}, with headers and timeout from {@code delivery}. */
  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions delivery) {
    return vertx.eventBus().<T>request(address, body, new DeliveryOptions(delivery).setLocalOnly(true))
        .recover(e -> e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? vertx.eventBus().request(address, body, new DeliveryOptions(delivery).setLocalOnly(false))
            : Future.failedFuture(e));
  }
}
