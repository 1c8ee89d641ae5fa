package io.squall.platform;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket: at most {@code burst} tokens, refilled at {@code perSecond}; each request takes one. The one rate
 * limit of Squall (the bridge's per socket, the http verticle's per user and route). Not thread-safe: its owner keeps
 * it on one event loop or synchronizes on it. Times are {@link System#nanoTime()}.
 */
public final class TokenBucket {

  private final double tokensPerNano;
  private final int burst;
  private double tokens;
  private long refilledAt;

  /** A full bucket at {@code now}. */
  public TokenBucket(double perSecond, int burst, long now) {
    this.tokensPerNano = perSecond / TimeUnit.SECONDS.toNanos(1);
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = now;
  }

  /** Takes a token: 0 when there was one, else the nanoseconds until there is (nothing taken). */
  public long take(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  /** Whether the bucket is full again at {@code now}: its owner has been quiet long enough to be forgotten. */
  public boolean full(long now) {
    refill(now);
    return tokens >= burst;
  }

  private void refill(long now) {
    tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
    refilledAt = now;
  }
}
