package io.squall.channels;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The channels verticle's {@code config()}. Every key, its default and an example: verticles/channels/README.md. */
public class ChannelsOptions {

  public static final int DEFAULT_HISTORY_SIZE = 1000;
  public static final int DEFAULT_HISTORY_TTL = 3600;
  public static final int DEFAULT_MAX_DATA_SIZE = 64 * 1024;
  public static final int DEFAULT_DEFAULT_HISTORY_LIMIT = 100;
  public static final int DEFAULT_MAX_HISTORY_LIMIT = 1000;
  public static final boolean DEFAULT_PRESENCE = true;
  /** Seconds a caller's publish id is remembered: a repeat within this gets the stored seq. */
  public static final int DEFAULT_IDEMPOTENCY_WINDOW = 300;
  /**
   * Channels with a ringbuffer at once, cluster-wide. An empty one costs about 14 KB of heap (its slots) and its
   * messages come on top: 5000 take about 70 MB, a seventh of the launcher's default 512 MB heap.
   */
  public static final int DEFAULT_MAX_CHANNELS = 5000;
  /** Hazelcast reads at most this many ringbuffer items at once, so no history page can be longer. */
  public static final int HISTORY_LIMIT_CEILING = 1000;

  /** Every key of the channels verticle's config; verticles/channels/README.md's table is generated from these. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.integer("historySize", DEFAULT_HISTORY_SIZE, 1, Integer.MAX_VALUE, "Messages each channel keeps; older"
          + " ones are overwritten (the ringbuffer's capacity)"),
      ConfigKey.duration("historyTtl", Duration.ofSeconds(DEFAULT_HISTORY_TTL), TimeUnit.SECONDS, "How long a message"
          + " is kept, and how long a channel nobody publishes to lives; 0 keeps messages until overwritten")
          .range(0, Integer.MAX_VALUE),
      ConfigKey.size("maxDataSize", (long) DEFAULT_MAX_DATA_SIZE, "Bytes of a message's data encoded as JSON in"
          + " UTF-8; more is a 413").range(1, Integer.MAX_VALUE),
      ConfigKey.integer("defaultHistoryLimit", DEFAULT_DEFAULT_HISTORY_LIMIT, 1, HISTORY_LIMIT_CEILING, "Messages in"
          + " a history reply when the request names no limit (at most maxHistoryLimit)"),
      ConfigKey.integer("maxHistoryLimit", DEFAULT_MAX_HISTORY_LIMIT, 1, HISTORY_LIMIT_CEILING, "The largest limit a"
          + " history request may ask (400 above); at most " + HISTORY_LIMIT_CEILING + ", Hazelcast's largest read"),
      ConfigKey.bool("presence", DEFAULT_PRESENCE, "Answer squall.channels.join, leave and presence; false leaves"
          + " those addresses unserved"),
      ConfigKey.duration("idempotencyWindow", Duration.ofSeconds(DEFAULT_IDEMPOTENCY_WINDOW), TimeUnit.SECONDS,
          "How long a publish's caller-given id is remembered: a repeat within it stores nothing and gets the stored"
          + " seq").range(1, Integer.MAX_VALUE),
      ConfigKey.integer("maxChannels", DEFAULT_MAX_CHANNELS, 1, Integer.MAX_VALUE, "Channels that may have a"
          + " ringbuffer at once, cluster-wide; a publish that would create one more gets 503 (see Channel limit)"))
      .rule((config, problems) -> {
        int max = config.getInteger("maxHistoryLimit", DEFAULT_MAX_HISTORY_LIMIT);
        if (config.getInteger("defaultHistoryLimit", DEFAULT_DEFAULT_HISTORY_LIMIT) > max) {
          problems.add("defaultHistoryLimit", "must be at most maxHistoryLimit (" + max + ")");
        }
      });

  private int historySize = DEFAULT_HISTORY_SIZE;
  private int historyTtl = DEFAULT_HISTORY_TTL;
  private int maxDataSize = DEFAULT_MAX_DATA_SIZE;
  private int defaultHistoryLimit = DEFAULT_DEFAULT_HISTORY_LIMIT;
  private int maxHistoryLimit = DEFAULT_MAX_HISTORY_LIMIT;
  private boolean presence = DEFAULT_PRESENCE;
  private int idempotencyWindow = DEFAULT_IDEMPOTENCY_WINDOW;
  private int maxChannels = DEFAULT_MAX_CHANNELS;

  public ChannelsOptions() {
  }

  public ChannelsOptions(ChannelsOptions other) {
    this(other.toJson());
  }

  public ChannelsOptions(JsonObject json) {
    json = KEYS.normalize(json);
    historySize = json.getInteger("historySize", DEFAULT_HISTORY_SIZE);
    historyTtl = json.getInteger("historyTtl", DEFAULT_HISTORY_TTL);
    maxDataSize = json.getInteger("maxDataSize", DEFAULT_MAX_DATA_SIZE);
    defaultHistoryLimit = json.getInteger("defaultHistoryLimit", DEFAULT_DEFAULT_HISTORY_LIMIT);
    maxHistoryLimit = json.getInteger("maxHistoryLimit", DEFAULT_MAX_HISTORY_LIMIT);
    presence = json.getBoolean("presence", DEFAULT_PRESENCE);
    idempotencyWindow = json.getInteger("idempotencyWindow", DEFAULT_IDEMPOTENCY_WINDOW);
    maxChannels = json.getInteger("maxChannels", DEFAULT_MAX_CHANNELS);
  }

  public JsonObject toJson() {
    return new JsonObject().put("historySize", historySize).put("historyTtl", historyTtl)
        .put("maxDataSize", maxDataSize).put("defaultHistoryLimit", defaultHistoryLimit)
        .put("maxHistoryLimit", maxHistoryLimit).put("presence", presence)
        .put("idempotencyWindow", idempotencyWindow).put("maxChannels", maxChannels);
  }

  public int getHistorySize() {
    return historySize;
  }

  /** Messages each channel keeps (older ones are overwritten). */
  public ChannelsOptions setHistorySize(int historySize) {
    this.historySize = historySize;
    return this;
  }

  public int getHistoryTtl() {
    return historyTtl;
  }

  /** Seconds a message is kept; 0 keeps it until overwritten. */
  public ChannelsOptions setHistoryTtl(int historyTtl) {
    this.historyTtl = historyTtl;
    return this;
  }

  public int getMaxDataSize() {
    return maxDataSize;
  }

  /** Bytes of a message's {@code data}, as JSON in UTF-8; more is refused with 413. */
  public ChannelsOptions setMaxDataSize(int maxDataSize) {
    this.maxDataSize = maxDataSize;
    return this;
  }

  public int getDefaultHistoryLimit() {
    return defaultHistoryLimit;
  }

  public ChannelsOptions setDefaultHistoryLimit(int defaultHistoryLimit) {
    this.defaultHistoryLimit = defaultHistoryLimit;
    return this;
  }

  public int getMaxHistoryLimit() {
    return maxHistoryLimit;
  }

  public ChannelsOptions setMaxHistoryLimit(int maxHistoryLimit) {
    this.maxHistoryLimit = maxHistoryLimit;
    return this;
  }

  public int getIdempotencyWindow() {
    return idempotencyWindow;
  }

  /** Seconds a publish's caller-given id is remembered; a publish repeating it within them stores nothing. */
  public ChannelsOptions setIdempotencyWindow(int idempotencyWindow) {
    this.idempotencyWindow = idempotencyWindow;
    return this;
  }

  public int getMaxChannels() {
    return maxChannels;
  }

  /**
   * Channels that may have a ringbuffer at once, cluster-wide; a publish that would create one more is refused (503)
   * until idle channels are destroyed.
   */
  public ChannelsOptions setMaxChannels(int maxChannels) {
    this.maxChannels = maxChannels;
    return this;
  }

  public boolean isPresence() {
    return presence;
  }

  /** Whether this verticle answers join, leave and presence. */
  public ChannelsOptions setPresence(boolean presence) {
    this.presence = presence;
    return this;
  }
}
