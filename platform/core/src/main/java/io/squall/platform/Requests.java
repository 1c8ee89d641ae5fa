package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Request/reply on the event bus, the way every Squall verticle sends one (and the way a user's verticle should):
 *
 * <ul>
 *   <li><b>Local first.</b> A service deployed on this node answers without a network hop; a node without it still
 *       reaches another node's. The clustered event bus alone would round-robin over every node's consumers, and
 *       that is also what loses requests in a rolling restart: a request that reaches a node whose consumer has just
 *       been undeployed is dropped there (Vert.x sends no failure back).</li>
 *   <li><b>No wait on a dead node.</b> On a node built by {@link ClusteredVertx} (every Squall node), a request that
 *       went to another node is answered as soon as that node leaves the cluster (or its consumer goes away and does
 *       not answer within a second): {@link #retryable} requests are sent once more, to another node;
 *       {@link #request} ones fail with 503 {@value Failures#NODE_LOST}, since repeating them could apply them
 *       twice. Without this the sender waits the whole send timeout.</li>
 * </ul>
 */
public final class Requests {

  private Requests() {
  }

  /** A request that must not be repeated (it changes something, and its receiver does not dedupe it). */
  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions delivery) {
    return send(vertx, address, body, delivery, 1);
  }

  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, long timeoutMs) {
    return request(vertx, address, body, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /**
   * A request that is safe to repeat: a read, a render, or a change its receiver applies once per idempotency key
   * ({@link Addresses#HEADER_IDEMPOTENCY_KEY}). When the node it went to is lost, it is sent once more.
   */
  public static <T> Future<Message<T>> retryable(Vertx vertx, String address, Object body, DeliveryOptions delivery) {
    return send(vertx, address, body, delivery, 2);
  }

  public static <T> Future<Message<T>> retryable(Vertx vertx, String address, Object body, long timeoutMs) {
    return retryable(vertx, address, body, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /** {@link #retryable} when {@code delivery} carries an idempotency key, else {@link #request}. */
  public static <T> Future<Message<T>> keyed(Vertx vertx, String address, Object body, DeliveryOptions delivery) {
    return delivery.getHeaders() != null && delivery.getHeaders().contains(Addresses.HEADER_IDEMPOTENCY_KEY)
        ? retryable(vertx, address, body, delivery) : request(vertx, address, body, delivery);
  }

  private static <T> Future<Message<T>> send(Vertx vertx, String address, Object body, DeliveryOptions delivery,
      int attempts) {
    // local-only delivery fails at once when this node has no consumer; then any node's
    return vertx.eventBus().<T>request(address, body, new DeliveryOptions(delivery).setLocalOnly(true))
        .recover(e -> e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? clusterWide(vertx, address, body, new DeliveryOptions(delivery).setLocalOnly(false), attempts)
            : Future.failedFuture(e));
  }

  private static <T> Future<Message<T>> clusterWide(Vertx vertx, String address, Object body, DeliveryOptions delivery,
      int attempts) {
    InFlightRequests inFlight = InFlightRequests.of(vertx);
    if (inFlight == null) {
      return vertx.eventBus().request(address, body, delivery);
    }
    return new TrackedRequest<T>(vertx, inFlight, address, body, delivery, attempts).start();
  }
}
