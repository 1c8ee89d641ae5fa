package io.squall.http;

import io.vertx.core.json.JsonObject;

/**
 * A route's {@code rateLimit}: a token bucket per user (per client address for guests) that holds {@code burst}
 * requests and refills at {@code rate} a second, as the bridge limits each socket's frames. A request that finds the
 * bucket empty gets 429 with {@code Retry-After}.
 */
public class RateLimitOptions {

  public static final double DEFAULT_RATE = 10;
  public static final int DEFAULT_BURST = 20;

  private double rate = DEFAULT_RATE;
  private int burst = DEFAULT_BURST;

  public RateLimitOptions() {
  }

  public RateLimitOptions(RateLimitOptions other) {
    this(other.toJson());
  }

  public RateLimitOptions(JsonObject json) {
    Number r = json.getNumber("rate");
    rate = r == null ? DEFAULT_RATE : r.doubleValue();
    burst = json.getInteger("burst", DEFAULT_BURST);
  }

  public JsonObject toJson() {
    return new JsonObject().put("rate", rate).put("burst", burst);
  }

  /** What is wrong with these values, or null. */
  String problem() {
    return rate > 0 && burst >= 1 ? null : "rateLimit needs a rate above 0 (requests a second) and a burst of at least 1";
  }

  /** Requests a second a user may make once the burst is spent (fractions allowed: 0.5 is one every 2 s). */
  public double getRate() {
    return rate;
  }

  public RateLimitOptions setRate(double rate) {
    this.rate = rate;
    return this;
  }

  /** Requests a user may make at once, after being quiet for burst / rate seconds. */
  public int getBurst() {
    return burst;
  }

  public RateLimitOptions setBurst(int burst) {
    this.burst = burst;
    return this;
  }
}
