package io.squall.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.squall.platform.Failures;
import io.squall.platform.TokenBucket;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A route's {@link RateLimitOptions}: a token bucket per user id, or per client address ({@link ClientAddress}) for a
 * guest, shared by the verticle's instances on this node (so the limit does not grow with {@code instances}). Each
 * node counts on its own: behind a load balancer that spreads a user over N nodes, the user gets up to N times the
 * rate. Over the limit: 429 with {@code Retry-After} (seconds until the next token), counted in {@value #LIMITED}.
 *
 * <p>Buckets of users who stayed away long enough to refill are dropped once the map has doubled since the last
 * sweep, so addresses that come and go cost no memory for good.
 */
final class RateLimiter implements Handler<RoutingContext> {

  static final String LIMITED = "squall.http.rate.limited";
  private static final String SHARED = "squall.http.rateLimits";
  private static final int MIN_SWEEP_SIZE = 1024;

  private final Buckets buckets;
  private final Counter limited;

  /**
   * @param deploymentId and {@code routeIndex}: the buckets are those of this route of this deployment, whichever
   *     of its instances asks
   * @param label the route's label in the metrics
   */
  RateLimiter(Vertx vertx, String deploymentId, int routeIndex, RateLimitOptions options, MeterRegistry registry,
      String label) {
    LocalMap<String, Buckets> shared = vertx.sharedData().getLocalMap(SHARED);
    Buckets mine = new Buckets(options);
    Buckets before = shared.putIfAbsent(deploymentId + "/" + routeIndex, mine);
    this.buckets = before != null ? before : mine;
    this.limited = registry == null ? null : registry.counter(LIMITED, "route", label);
  }

  /** Forgets the buckets of a deployment's routes when it stops. */
  static void forget(Vertx vertx, String deploymentId) {
    LocalMap<String, Buckets> shared = vertx.sharedData().getLocalMap(SHARED);
    shared.keySet().stream().filter(k -> k.startsWith(deploymentId + "/")).toList().forEach(shared::remove);
  }

  @Override
  public void handle(RoutingContext ctx) {
    User user = ctx.user();
    String id = user == null ? null : user.principal().getString("sub");
    long waitNanos = buckets.take(id != null ? "user:" + id : "ip:" + ClientAddress.of(ctx));
    if (waitNanos == 0) {
      ctx.next();
      return;
    }
    if (limited != null) {
      limited.increment();
    }
    long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    ctx.fail(Failures.THROTTLED, Failures.throttled("too many requests", seconds));
  }

  /** One route's buckets; in a {@link LocalMap}, so {@link Shareable}. */
  static final class Buckets implements Shareable {

    private final double perSecond;
    private final int burst;
    private final Map<String, TokenBucket> byKey = new ConcurrentHashMap<>();
    private volatile int sweepAt = MIN_SWEEP_SIZE;

    Buckets(RateLimitOptions options) {
      this.perSecond = options.getRate();
      this.burst = options.getBurst();
    }

    /** Takes a token for {@code key}: 0 when there was one, else the nanoseconds until there is. */
    long take(String key) {
      long now = System.nanoTime();
      TokenBucket bucket = byKey.get(key);
      if (bucket == null) {
        if (byKey.size() >= sweepAt) {
          sweep(now);
        }
        bucket = byKey.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, now));
      }
      // the verticle's instances share the buckets: each is taken under its own lock
      synchronized (bucket) {
        return bucket.take(now);
      }
    }

    private void sweep(long now) {
      byKey.values().removeIf(b -> {
        synchronized (b) {
          return b.full(now);
        }
      });
      sweepAt = Math.max(MIN_SWEEP_SIZE, 2 * byKey.size());
    }
  }
}
