package io.squall.auth;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Failed logins counted per user name and per client address across the cluster: {@code maxFailures} in a window
 * of {@code failureWindow} seconds that starts at the first failure, then every attempt is refused (429) until the
 * window ends. The name is counted whether or not such a user exists, so throttling reveals nothing.
 *
 * <p>Counts live in a Hazelcast map whose entries expire with their window; an entry processor increments them on
 * the partition owner, so concurrent failures on different nodes are all counted.
 */
final class Throttle {

  static final String MAP = "squall.auth.throttle";

  /** A fixed window: failures so far and when the window ends (epoch ms). */
  record Window(int failures, long endsAt) implements Serializable {
  }

  private final IMap<String, Window> windows;
  private final int maxFailures;
  private final long windowMillis;

  Throttle(IMap<String, Window> windows, int maxFailures, int windowSeconds) {
    this.windows = windows;
    this.maxFailures = maxFailures;
    this.windowMillis = windowSeconds * 1000L;
  }

  static String userKey(String username) {
    return "user:" + username.toLowerCase(Locale.ROOT);
  }

  static String addressKey(String ip) {
    return "ip:" + ip;
  }

  /** Seconds until {@code key} may try again, or 0 when it may now. */
  Future<Long> retryAfter(Context context, String key) {
    if (key == null) {
      return Future.succeededFuture(0L);
    }
    return Future.fromCompletionStage(windows.getAsync(key), context).map(window -> {
      long left = window == null ? 0 : window.endsAt() - System.currentTimeMillis();
      return window != null && window.failures() >= maxFailures && left > 0 ? (left + 999) / 1000 : 0L;
    });
  }

  Future<Void> fail(Context context, String key) {
    if (key == null) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(windows.submitToKey(key, new CountFailure(windowMillis)), context).mapEmpty();
  }

  Future<Void> forgive(Context context, String key) {
    return Future.fromCompletionStage(windows.removeAsync(key), context).mapEmpty();
  }

  /** Runs on the key's owner: a new window at the first failure (or after the last one ended), else one more. */
  static final class CountFailure implements EntryProcessor<String, Window, Void>, Serializable {

    private final long windowMillis;

    CountFailure(long windowMillis) {
      this.windowMillis = windowMillis;
    }

    @Override
    public Void process(Map.Entry<String, Window> entry) {
      long now = System.currentTimeMillis();
      Window window = entry.getValue();
      Window next = window == null || window.endsAt() <= now ? new Window(1, now + windowMillis)
          : new Window(window.failures() + 1, window.endsAt());
      // the entry expires with its window (+1 s so a reader never sees it vanish early)
      ((ExtendedMapEntry<String, Window>) entry).setValue(next, next.endsAt() - now + 1000, TimeUnit.MILLISECONDS);
      return null;
    }
  }
}
