package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-wide request whose sends are tracked by node ({@link InFlightRequests}): the first answer wins; a send
 * whose node is lost is repeated while attempts remain, else the request fails with 503 {@value Failures#NODE_LOST}.
 * Everything but {@link Send#lost} runs on the sender's context.
 */
final class TrackedRequest<T> {

  private static final Logger log = LoggerFactory.getLogger(TrackedRequest.class);

  private final Vertx vertx;
  private final InFlightRequests inFlight;
  private final String address;
  private final Object body;
  private final DeliveryOptions delivery;
  private final ContextInternal context;
  private final Promise<Message<T>> result;
  private int attemptsLeft;
  private Send current;

  TrackedRequest(Vertx vertx, InFlightRequests inFlight, String address, Object body, DeliveryOptions delivery,
      int attempts) {
    this.vertx = vertx;
    this.inFlight = inFlight;
    this.address = address;
    this.body = body;
    this.delivery = delivery;
    this.attemptsLeft = attempts;
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.result = context.promise();
  }

  Future<Message<T>> start() {
    send();
    return result.future();
  }

  private void send() {
    attemptsLeft--;
    Send send = new Send();
    current = send;
    Future<Message<T>> answer = inFlight.send(send, () -> vertx.eventBus().<T>request(address, body, delivery));
    answer.onComplete(ar -> {
      inFlight.answered(send);
      if (ar.succeeded()) {
        // a late answer from the first node is as good as the second's
        result.tryComplete(ar.result());
      } else if (send == current) {
        result.tryFail(ar.cause());
      }
    });
  }

  /** On the context: {@code send}'s node is gone. */
  private void lost(Send send) {
    if (send != current || result.future().isComplete()) {
      return;
    }
    if (attemptsLeft > 0) {
      log.debug("{}: the node it went to is gone; sending it once more", address);
      send();
    } else {
      result.tryFail(Failures.nodeLost());
    }
  }

  private final class Send implements InFlightRequests.Attempt {

    private final AtomicBoolean toldNow = new AtomicBoolean();
    private final AtomicBoolean toldLater = new AtomicBoolean();

    @Override
    public String address() {
      return address;
    }

    @Override
    public void lost(long graceMs) {
      // a node that leaves while its consumer's grace runs ends the grace
      if (graceMs == 0 && toldNow.compareAndSet(false, true)) {
        context.runOnContext(v -> TrackedRequest.this.lost(this));
      } else if (graceMs > 0 && toldLater.compareAndSet(false, true)) {
        context.setTimer(graceMs, t -> TrackedRequest.this.lost(this));
      }
    }
  }
}
