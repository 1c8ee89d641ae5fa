package io.squall.channels;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The channels verticle's meters in the node's registry (scraped at {@code /metrics}):
 * {@value #PUBLISHED}, {@value #PUBLISH_DURATION} (receipt to reply: store, backup, publish), {@value #DUPLICATES},
 * {@value #HISTORY_REQUESTS}, {@value #PRESENCE_EVENTS} (tagged {@code type} join or leave), {@value #DESTROYED}
 * (idle channels destroyed) and {@value #REJECTED} (tagged {@code address} and {@code reason}). Outside a node there
 * is no registry and nothing is recorded.
 */
final class ChannelsMetrics {

  static final String PUBLISHED = "squall.channels.published";
  /** Publishes whose id was stored already: answered with its seq, not stored again. */
  static final String DUPLICATES = "squall.channels.publish.duplicates";
  static final String PUBLISH_DURATION = "squall.channels.publish.duration";
  static final String HISTORY_REQUESTS = "squall.channels.history.requests";
  static final String PRESENCE_EVENTS = "squall.channels.presence.events";
  static final String REJECTED = "squall.channels.rejected";
  static final String DESTROYED = "squall.channels.destroyed";
  /** The reason of a publish refused because it would create a channel beyond maxChannels. */
  static final String CHANNEL_LIMIT = "channel_limit";

  private static final ChannelsMetrics NONE = new ChannelsMetrics(null);

  private final MeterRegistry registry;
  private final Counter published;
  private final Timer publishDuration;
  private final Counter historyRequests;

  private ChannelsMetrics(MeterRegistry registry) {
    this.registry = registry;
    // resolved once: publish and history are the hot paths, rejects and presence events are rare
    this.published = registry == null ? null : registry.counter(PUBLISHED);
    this.publishDuration = registry == null ? null : Timer.builder(PUBLISH_DURATION).register(registry);
    this.historyRequests = registry == null ? null : registry.counter(HISTORY_REQUESTS);
  }

  /** @param registry the node's, or null: then every method does nothing */
  static ChannelsMetrics create(MeterRegistry registry) {
    return registry == null ? NONE : new ChannelsMetrics(registry);
  }

  void published(long startNanos) {
    if (registry != null) {
      published.increment();
      publishDuration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
  }

  void duplicate() {
    if (registry != null) {
      registry.counter(DUPLICATES).increment();
    }
  }

  void historyRequest() {
    if (registry != null) {
      historyRequests.increment();
    }
  }

  void presenceEvent(String type) {
    if (registry != null) {
      registry.counter(PRESENCE_EVENTS, "type", type).increment();
    }
  }

  /** @param address the last part of the address: publish, history, presence, join, leave */
  void rejected(String address, int status) {
    if (registry != null) {
      registry.counter(REJECTED, "address", address, "reason", reason(status)).increment();
    }
  }

  /** A publish refused at the channel limit: its own reason, apart from the store being unavailable. */
  void channelLimit() {
    if (registry != null) {
      registry.counter(REJECTED, "address", "publish", "reason", CHANNEL_LIMIT).increment();
    }
  }

  void destroyed() {
    if (registry != null) {
      registry.counter(DESTROYED).increment();
    }
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 403 -> "forbidden";
      case 409 -> "conflict";
      case 413 -> "too_large";
      case 503 -> "unavailable";
      default -> "error";
    };
  }
}
