package io.squall.channels;

import io.vertx.core.json.JsonObject;

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

  /** @throws IllegalArgumentException naming the first bad key */
  void validate() {
    require(historySize >= 1, "historySize must be at least 1");
    require(historyTtl >= 0, "historyTtl must be 0 (keep until overwritten) or a number of seconds");
    require(maxDataSize >= 1, "maxDataSize must be at least 1 byte");
    require(maxHistoryLimit >= 1 && maxHistoryLimit <= HISTORY_LIMIT_CEILING,
        "maxHistoryLimit must be between 1 and " + HISTORY_LIMIT_CEILING);
    require(defaultHistoryLimit >= 1 && defaultHistoryLimit <= maxHistoryLimit,
        "defaultHistoryLimit must be between 1 and maxHistoryLimit (" + maxHistoryLimit + ")");
    require(idempotencyWindow >= 1, "idempotencyWindow must be at least 1 second");
    require(maxChannels >= 1, "maxChannels must be at least 1");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("channels: " + message);
    }
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
