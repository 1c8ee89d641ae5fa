package io.squall.http;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonObject;

/**
 * A route's {@code rateLimit}: a token bucket per user (per client address for guests) that holds {@code burst}
 * requests and refills at {@code rate} a second, as the bridge limits each socket's frames. A request that finds the
 * bucket empty gets 429 with {@code Retry-After}.
 */
public class RateLimitOptions {

  public static final double DEFAULT_RATE = 10;
  public static final int DEFAULT_BURST = 20;

  /** The keys of a route's {@code rateLimit} mapping. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.number("rate", DEFAULT_RATE, 0, Long.MAX_VALUE, "Requests a second a user may make once the burst"
          + " is spent; above 0, fractions allowed (0.2 is one every 5 s)"),
      ConfigKey.integer("burst", DEFAULT_BURST, 1, Integer.MAX_VALUE, "Requests a user may make at once, after being"
          + " quiet for burst / rate seconds"))
      .rule((limit, problems) -> {
        if (limit.getDouble("rate", DEFAULT_RATE) <= 0) {
          problems.add("rate", "must be above 0 (requests a second; 0.5 is one every 2 s), got "
              + limit.getValue("rate"));
        }
      });

  private double rate = DEFAULT_RATE;
  private int burst = DEFAULT_BURST;

  public RateLimitOptions() {
  }

  public RateLimitOptions(RateLimitOptions other) {
    this(other.toJson());
  }

  public RateLimitOptions(JsonObject json) {
    json = KEYS.normalize(json);
    Number r = json.getNumber("rate");
    rate = r == null ? DEFAULT_RATE : r.doubleValue();
    burst = json.getInteger("burst", DEFAULT_BURST);
  }

  public JsonObject toJson() {
    return new JsonObject().put("rate", rate).put("burst", burst);
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
