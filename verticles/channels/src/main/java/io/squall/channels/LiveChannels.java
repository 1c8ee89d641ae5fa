package io.squall.channels;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.squall.platform.Failures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which channels have a ringbuffer, cluster-wide, and how many: the map {@value #MAP} holds one entry per such channel,
 * {@code live:<offset>}, or {@code retiring:<offset>} while {@link IdleChannels} destroys it. A channel's seq is its
 * ringbuffer sequence + 1 + offset. The offset is 0 for a channel the store never had, and above every seq it had
 * for a channel created again after it was destroyed (subscribers drop a seq they have already seen, so seqs must never start over
 * while the store runs).
 *
 * <ul>
 *   <li>A publish {@link #admit}s its channel: an entry processor on the channel's key resets the entry's time to live
 *       ({@code historyTtl} plus twice {@link #touchMillis}) and gives the offset. The answer is kept here for
 *       {@link #touchMillis}, so a busy channel costs one such call per instance and period, not one per message.</li>
 *   <li>A channel that is not there yet is created only while the map holds fewer than {@code maxChannels} entries
 *       ({@link IMap#size}, asked on a worker thread for each new channel, one at a time per instance; after a
 *       refusal, new channels are refused for a second without asking). Instances creating channels at the same
 *       moment may pass the limit by one each.</li>
 *   <li>{@link #offset} tells history where the channel's seqs start, or that it has no ringbuffer: then history
 *       answers without asking Hazelcast for the ringbuffer, whose mere proxy costs half a KB on every member.</li>
 * </ul>
 * Confined to its verticle instance's event loop.
 */
final class LiveChannels {

  static final String MAP = "squall.channels.live";
  /**
   * The highest seq of destroyed channels, in {@value #FLOOR_BUCKETS} buckets by name: a channel created again starts
   * above its bucket's floor. Fixed size, so the store keeps nothing per destroyed channel.
   */
  static final String FLOORS = "squall.channels.floors";
  static final int FLOOR_BUCKETS = 1024;
  static final String LIVE = "live:";
  static final String RETIRING = "retiring:";
  /** How long a publish waits for its channel to be destroyed (then it creates it anew) before answering 503. */
  static final long RETIRING_WAIT_MS = 5000;
  /** After a refusal at the limit, new channels are refused this long without counting again. */
  private static final long FULL_FOR_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, String> live;
  private final IMap<String, Long> floors;
  private final int maxChannels;
  private final long touchMillis;
  private final long entryTtlMillis;
  /** Channel to offset, for channels this instance touched within touchMillis. */
  private final Map<String, Touched> touched = new HashMap<>();
  private long fullUntil = System.nanoTime();
  /** The creation in progress; the next one starts when it ends. */
  private Future<?> creating = Future.succeededFuture();
  private long sweeper;

  private record Touched(long offset, long atNanos) {
  }

  LiveChannels(Vertx vertx, Context context, HazelcastInstance hz, ChannelsOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.live = hz.getMap(MAP);
    this.floors = hz.getMap(FLOORS);
    this.maxChannels = options.getMaxChannels();
    this.touchMillis = touchMillis(options.getHistoryTtl());
    // historyTtl alone would do if every publish touched the entry; a publish that relied on a touch up to touchMillis
    // old needs that much more, and the second touchMillis covers its add still on the way and Hazelcast keeping an
    // entry's times to the second
    this.entryTtlMillis = options.getHistoryTtl() == 0 ? 0 : options.getHistoryTtl() * 1000L + 2 * touchMillis;
  }

  /** How long a touch is trusted: a quarter of the history's life, between one second and one minute. */
  static long touchMillis(int historyTtlSeconds) {
    return historyTtlSeconds == 0 ? 60_000 : Math.max(1000, Math.min(60_000, historyTtlSeconds * 1000L / 4));
  }

  static String floorKey(String channel) {
    return "floor:" + (channel.hashCode() & (FLOOR_BUCKETS - 1));
  }

  static long offsetOf(String value) {
    return Long.parseLong(value.substring(value.indexOf(':') + 1));
  }

  void start() {
    sweeper = vertx.setPeriodic(touchMillis, t -> {
      long now = System.nanoTime();
      touched.values().removeIf(entry -> stale(entry, now));
    });
  }

  void stop() {
    vertx.cancelTimer(sweeper);
  }

  /** The offset of a channel this instance touched within touchMillis (no store call needed), else null. */
  private Long recentOffset(String channel) {
    Touched known = touched.get(channel);
    return known != null && !stale(known, System.nanoTime()) ? known.offset() : null;
  }

  private boolean stale(Touched entry, long now) {
    return now - entry.atNanos() > TimeUnit.MILLISECONDS.toNanos(touchMillis);
  }

  /**
   * The channel's offset for a publish, creating the channel if needed and allowed. Fails with 503 when the channel
   * limit is reached or the store cannot be reached.
   */
  Future<Long> admit(String channel) {
    Long known = recentOffset(channel);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Promise<Long> admitted = Promise.promise();
    attempt(channel, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETIRING_WAIT_MS), 10, admitted);
    return admitted.future();
  }

  private void attempt(String channel, long deadline, long pauseMs, Promise<Long> admitted) {
    long started = System.nanoTime();
    touch(channel, null).compose(value -> value != null ? Future.succeededFuture(value) : create(channel))
        .onFailure(admitted::fail)
        .onSuccess(value -> {
          if (value.startsWith(LIVE)) {
            long offset = offsetOf(value);
            touched.put(channel, new Touched(offset, started));
            admitted.complete(offset);
          } else if (System.nanoTime() > deadline) {
            admitted.fail(Failures.of(Failures.UNAVAILABLE, "the channel store is not available"));
          } else {
            // being destroyed: once it is gone, this publish creates the channel again
            vertx.setTimer(pauseMs, t -> attempt(channel, deadline, Math.min(pauseMs * 2, 200), admitted));
          }
        });
  }

  private Future<String> touch(String channel, Long createAt) {
    return Store.async(context, () -> live.submitToKey(channel, new Touch(entryTtlMillis, createAt)));
  }

  /**
   * A channel the store does not have: created above its bucket's floor, if the limit allows. One creation at a time
   * per instance, so that counting and creating cannot interleave here (only with other instances' creations).
   */
  private Future<String> create(String channel) {
    if (System.nanoTime() - fullUntil < 0) {
      return full();
    }
    Future<String> created = creating.transform(previous -> countThenCreate(channel));
    creating = created.transform(ar -> Future.succeededFuture());
    return created;
  }

  private Future<String> countThenCreate(String channel) {
    if (System.nanoTime() - fullUntil < 0) {
      return full();
    }
    return vertx.executeBlocking(live::size, false).compose(size -> {
      if (size >= maxChannels) {
        fullUntil = System.nanoTime() + FULL_FOR_NANOS;
        return full();
      }
      return Store.async(context, () -> floors.getAsync(floorKey(channel)))
          .compose(floor -> touch(channel, floor == null ? 0L : floor));
    });
  }

  private Future<String> full() {
    return Future.failedFuture(new LimitReached(maxChannels));
  }

  /** A publish refused because its channel would be one more than maxChannels: 503, counted as its own reason. */
  static final class LimitReached extends ReplyException {

    LimitReached(int maxChannels) {
      super(ReplyFailure.RECIPIENT_FAILURE, Failures.UNAVAILABLE, "the channel limit (" + maxChannels
          + ") is reached: no new channels until idle ones expire");
    }
  }

  /** The channel's offset for a read, or null when it has no ringbuffer (never published to, or destroyed). */
  Future<Long> offset(String channel) {
    Long known = recentOffset(channel);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return Store.async(context, () -> live.getAsync(channel))
        .map(value -> value != null && value.startsWith(LIVE) ? offsetOf(value) : null);
  }

  /**
   * On the channel's owner: a live entry gets its time to live again; an absent one is created at {@code createAt}
   * when given. Returns the entry as it is now (null when absent). Deterministic, so a backup applying it again
   * comes to the same entry.
   */
  static final class Touch implements EntryProcessor<String, String, String>, Serializable {

    private final long ttlMillis;
    private final Long createAt;

    Touch(long ttlMillis, Long createAt) {
      this.ttlMillis = ttlMillis;
      this.createAt = createAt;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      String value = entry.getValue();
      if (value == null && createAt != null) {
        value = LIVE + createAt;
      } else if (value == null || !value.startsWith(LIVE)) {
        return value;
      }
      if (ttlMillis > 0) {
        ((ExtendedMapEntry<String, String>) entry).setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
      } else {
        entry.setValue(value);
      }
      return value;
    }
  }
}
