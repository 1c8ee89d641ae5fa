package io.squall.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event bus's meters, with the names and tags of vertx-micrometer-metrics ({@code vertx_eventbus_*} by
 * {@code side}), resolved once. Vert.x's own implementation builds tags and looks each meter up in the registry for
 * every message: four lookups per request/reply, about a tenth of the CPU of an HTTP route answered over the bus.
 * Like Vert.x's defaults, there is no address label and {@code __vertx.*} addresses (replies) are not counted.
 */
final class BusMeters implements EventBusMetrics<Object> {

  private static final String PREFIX = MetricsDomain.EVENT_BUS.getPrefix(); // MetricsNaming's names come without it
  private static final Object HANDLER = new Object(); // handler metric of a counted address; null for internal ones

  private final LongAdder handlers = new LongAdder();
  private final Side local;
  private final Side remote;
  private final DistributionSummary bytesRead;
  private final DistributionSummary bytesWritten;
  private final Counter replyFailures;

  BusMeters(MeterRegistry registry, MetricsNaming names) {
    Gauge.builder(PREFIX + names.getEbHandlers(), handlers, LongAdder::doubleValue).strongReference(true)
        .description("Number of event bus handlers in use").register(registry);
    local = new Side(registry, names, "local");
    remote = new Side(registry, names, "remote");
    bytesRead = DistributionSummary.builder(PREFIX + names.getEbBytesRead())
        .description("Number of bytes received while reading messages from event bus cluster peers").register(registry);
    bytesWritten = DistributionSummary.builder(PREFIX + names.getEbBytesWritten())
        .description("Number of bytes sent while sending messages to event bus cluster peers").register(registry);
    replyFailures = Counter.builder(PREFIX + names.getEbReplyFailures()).description("Number of message reply failures")
        .register(registry);
  }

  private static boolean counted(String address) {
    return !address.startsWith("__vertx.");
  }

  private Side side(boolean isLocal) {
    return isLocal ? local : remote;
  }

  @Override
  public Object handlerRegistered(String address) {
    if (!counted(address)) {
      return null;
    }
    handlers.increment();
    return HANDLER;
  }

  @Override
  public void handlerUnregistered(Object handler) {
    if (handler != null) {
      handlers.decrement();
    }
  }

  @Override
  public void messageDelivered(Object handler, boolean isLocal) {
    if (handler != null) {
      Side side = side(isLocal);
      side.pending.decrement();
      side.processed.increment();
    }
  }

  @Override
  public void discardMessage(Object handler, boolean isLocal, io.vertx.core.eventbus.Message<?> msg) {
    if (handler != null) {
      Side side = side(isLocal);
      side.pending.decrement();
      side.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean isLocal, boolean remote) {
    if (counted(address)) {
      Side side = side(isLocal);
      (publish ? side.published : side.sent).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean isLocal, int handlerCount) {
    if (counted(address)) {
      Side side = side(isLocal);
      side.received.increment();
      if (handlerCount > 0) {
        side.pending.add(handlerCount);
        side.delivered.increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int bytes) {
    if (counted(address)) {
      bytesWritten.record(bytes);
    }
  }

  @Override
  public void messageRead(String address, int bytes) {
    if (counted(address)) {
      bytesRead.record(bytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (counted(address)) {
      replyFailures.increment();
    }
  }

  /** The meters of one side: messages sent or received on this node ({@code local}) or across the cluster. */
  private static final class Side {
    final LongAdder pending = new LongAdder();
    final Counter published;
    final Counter sent;
    final Counter received;
    final Counter delivered;
    final Counter processed;
    final Counter discarded;

    Side(MeterRegistry registry, MetricsNaming names, String side) {
      Gauge.builder(PREFIX + names.getEbPending(), pending, LongAdder::doubleValue).strongReference(true).tag("side", side)
          .description("Number of messages not processed yet").register(registry);
      published = counter(registry, names.getEbPublished(), side, "Number of messages published (publish / subscribe)");
      sent = counter(registry, names.getEbSent(), side, "Number of messages sent (point-to-point)");
      received = counter(registry, names.getEbReceived(), side, "Number of messages received");
      delivered = counter(registry, names.getEbDelivered(), side, "Number of messages delivered to handlers");
      processed = counter(registry, names.getEbProcessed(), side, "Number of processed messages");
      discarded = counter(registry, names.getEbDiscarded(), side, "Number of discarded messages");
    }

    private static Counter counter(MeterRegistry registry, String name, String side, String description) {
      return Counter.builder(PREFIX + name).tag("side", side).description(description).register(registry);
    }
  }
}
