package io.squall.auth;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.squall.platform.Failures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Failed logins counted three ways across the cluster, so that what one party does costs no bystander a login
 * (OWASP Authentication Cheat Sheet, "Login Throttling"; keys in README.md):
 * <ul>
 *   <li>per account and address: {@code maxFailures} within {@code failureWindow} seconds, then 429 for that pair
 *       only (a guesser at one account from one place, or its owner mistyping);
 *   <li>per address across accounts: {@code maxAddressFailures} within the same window, then 429 for the address
 *       (one source trying many names), high enough for an office behind one NAT;
 *   <li>per account across addresses: past {@code accountDelayAfter} failures each attempt on the account waits
 *       {@code accountDelay} ms, doubled per further failure up to {@code maxAccountDelay}. Guessing spread over many
 *       addresses is slowed, yet the owner still gets in, so nobody can lock an account by naming it.
 * </ul>
 * Names are counted whether or not such a user exists, so throttling reveals nothing.
 *
 * <p>Counts live in a Hazelcast map whose entries expire with their window; entry processors count on the partition
 * owner, so concurrent failures on different nodes all count.
 */
final class Throttle {

  static final String MAP = "squall.auth.throttle";
  /** The address of a login that names none: such callers share one address's limits rather than escape them. */
  static final String NO_ADDRESS = "unknown";

  /** Failures so far and when they are forgotten (epoch ms). */
  record Window(int failures, long endsAt) implements Serializable {
  }

  private final Vertx vertx;
  private final IMap<String, Window> windows;
  private final AuthOptions options;
  private final AuthMetrics metrics;

  Throttle(Vertx vertx, IMap<String, Window> windows, AuthOptions options, AuthMetrics metrics) {
    this.vertx = vertx;
    this.windows = windows;
    this.options = options;
    this.metrics = metrics;
  }

  /**
   * Lets an attempt through to the password check: 429 while its pair or its address is locked; otherwise counted
   * against the account at once and let through after the account's delay, on a timer (the event loop never waits).
   * The account counts the attempt before its outcome because a burst of parallel guesses, counted only as they
   * failed, would all pass while the first of them were still being hashed.
   */
  Future<Void> admit(Context context, String username, String ip) {
    return Future.all(retryAfter(context, pairKey(username, ip), options.getMaxFailures()),
        retryAfter(context, addressKey(ip), options.getMaxAddressFailures())).compose(waits -> {
          long pair = waits.<Long>resultAt(0);
          long address = waits.<Long>resultAt(1);
          if (pair > 0 || address > 0) {
            metrics.login("throttled");
            metrics.limit(address > 0 ? "address" : "account_address");
            return Future.<Integer>failedFuture(Failures.throttled("too many failed logins", Math.max(pair, address)));
          }
          return submit(context, accountKey(username), new CountAttempt(options.getAccountFailureWindow() * 1000L))
              // a count that cannot be taken (mid-upgrade, a member of the old version owns the key) costs the
              // attempt its delay, not its login, as a failure that cannot be counted does
              .otherwise(0);
        }).compose(earlier -> {
          long delay = delay(earlier, options);
          if (delay == 0) {
            return Future.succeededFuture();
          }
          metrics.limit("account");
          return vertx.timer(delay);
        });
  }

  /** After a wrong password or an unknown name: one more for the pair and the address (the account has it). */
  Future<Void> failed(Context context, String username, String ip) {
    CountFailure failure = new CountFailure(options.getFailureWindow() * 1000L);
    return Future.join(submit(context, pairKey(username, ip), failure), submit(context, addressKey(ip), failure))
        .mapEmpty();
  }

  /**
   * After the right password: the pair's failures are forgiven and this attempt no longer counts against the account.
   * The account keeps its other failures, or the owner logging in would end the delay an attack has built up; the
   * address keeps its count, or a sprayer holding one valid account could reset its limit between guesses.
   */
  Future<Void> succeeded(Context context, String username, String ip) {
    return Future.join(Future.fromCompletionStage(windows.removeAsync(pairKey(username, ip)), context),
        submit(context, accountKey(username), new TakeBack())).mapEmpty();
  }

  /** The wait before an attempt on an account with {@code earlier} failures: none to the threshold, then doubling. */
  static long delay(int earlier, AuthOptions options) {
    int beyond = earlier - options.getAccountDelayAfter();
    if (beyond < 0) {
      return 0;
    }
    return Math.min(options.getMaxAccountDelay(), (long) options.getAccountDelay() << Math.min(beyond, 31));
  }

  /** Seconds until {@code key} may try again, or 0 when it may now. */
  private Future<Long> retryAfter(Context context, String key, int maxFailures) {
    return Future.fromCompletionStage(windows.getAsync(key), context)
        .map(window -> secondsToWait(window, maxFailures, System.currentTimeMillis()));
  }

  /** Whole seconds (rounded up) until {@code window} ends if it holds {@code maxFailures} or more, else 0. */
  static long secondsToWait(Window window, int maxFailures, long now) {
    long left = window == null ? 0 : window.endsAt() - now;
    return window != null && window.failures() >= maxFailures && left > 0 ? (left + 999) / 1000 : 0L;
  }

  private <R> Future<R> submit(Context context, String key, EntryProcessor<String, Window, R> processor) {
    return Future.fromCompletionStage(windows.submitToKey(key, processor), context);
  }

  private static String pairKey(String username, String ip) {
    String address = ip == null ? NO_ADDRESS : ip;
    // the length keeps the key unambiguous whatever characters the caller's address and name hold
    return "pair:" + address.length() + ":" + address + ":" + username.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String ip) {
    return "ip:" + (ip == null ? NO_ADDRESS : ip);
  }

  private static String accountKey(String username) {
    return "account:" + username.toLowerCase(Locale.ROOT);
  }

  /**
   * Runs on the key's owner: a new window at the first failure (or after the last one ended), else one more. Unchanged
   * since the counters were per name and per address, so members of both versions count alike during an upgrade.
   */
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

  /**
   * Runs on the key's owner: one more attempt on the account, returning how many came before it. Unlike a failure
   * window, this one is pushed back by every attempt, so an account under a slow attack stays slowed until the attack
   * has been quiet for a whole window.
   */
  static final class CountAttempt implements EntryProcessor<String, Window, Integer>, Serializable {

    private final long windowMillis;

    CountAttempt(long windowMillis) {
      this.windowMillis = windowMillis;
    }

    @Override
    public Integer process(Map.Entry<String, Window> entry) {
      long now = System.currentTimeMillis();
      Window window = entry.getValue();
      int earlier = window == null || window.endsAt() <= now ? 0 : window.failures();
      ((ExtendedMapEntry<String, Window>) entry).setValue(new Window(earlier + 1, now + windowMillis),
          windowMillis + 1000, TimeUnit.MILLISECONDS);
      return earlier;
    }
  }

  /** Runs on the key's owner: one failure fewer, the window's end unchanged. */
  static final class TakeBack implements EntryProcessor<String, Window, Void>, Serializable {

    @Override
    public Void process(Map.Entry<String, Window> entry) {
      Window window = entry.getValue();
      if (window != null && window.failures() > 0) {
        ((ExtendedMapEntry<String, Window>) entry)
            .setValueWithoutChangingExpiryTime(new Window(window.failures() - 1, window.endsAt()));
      }
      return null;
    }
  }
}
