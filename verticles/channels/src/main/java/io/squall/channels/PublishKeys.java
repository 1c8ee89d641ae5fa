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
import java.io.Serializable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Idempotency keys of publishes (a caller's {@code id}): the map {@value #MAP} holds, per channel and key, either the
 * seq the message was stored under ({@code seq:N}) or the claim of the member storing it now ({@code claim:<member
 * uuid>}). One entry processor on the key's owner decides, so two publishes with one key never both store:
 *
 * <ul>
 *   <li>no entry: the caller claims the key and stores the message;</li>
 *   <li>a seq: it is stored already; the caller answers that seq ({@link Claim#alreadyStored});</li>
 *   <li>a claim of a member that has left the cluster (it died mid-publish, and its caller's node retried the
 *       publish here): the caller takes the claim over and must look in the ringbuffer first, where the dead member's
 *       add may have landed ({@link Claim#takenOver});</li>
 *   <li>a claim of a live member: that publish is still being stored; the caller asks again shortly, and after
 *       {@link #BUSY_WAIT_MS} answers 409, as the IETF idempotency-key draft does for a key in use.</li>
 * </ul>
 * Entries expire after {@code idempotencyWindow} seconds: a key is "recently stored" for that long.
 */
final class PublishKeys {

  static final String MAP = "squall.channels.ids";
  /** How long a publish waits for another one with its key to finish before answering 409. */
  static final long BUSY_WAIT_MS = 3000;
  private static final String SEQ = "seq:";
  private static final String CLAIM = "claim:";

  /**
   * What {@link #claim} found: a seq the key's message is stored under already, or the key is the caller's now
   * ({@code takenOver}: from a member that left, whose add may have landed).
   */
  record Claim(long storedSeq, boolean takenOver) {

    boolean alreadyStored() {
      return storedSeq > 0;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hz;
  private final IMap<String, String> keys;
  private final long ttlMillis;

  PublishKeys(Vertx vertx, Context context, HazelcastInstance hz, int windowSeconds) {
    this.vertx = vertx;
    this.context = context;
    this.hz = hz;
    this.keys = hz.getMap(MAP);
    this.ttlMillis = windowSeconds * 1000L;
  }

  /** The map key: the channel and the caller's id, apart (a channel name has no newline). */
  static String key(String channel, String id) {
    return channel + "\n" + id;
  }

  Future<Claim> claim(String key) {
    Promise<Claim> claimed = Promise.promise();
    attempt(key, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUSY_WAIT_MS), 10, claimed);
    return claimed.future();
  }

  private void attempt(String key, long deadline, long pauseMs, Promise<Claim> claimed) {
    Set<String> live = new HashSet<>();
    Future<String> taken = Store.async(context, () -> {
      hz.getCluster().getMembers().forEach(m -> live.add(m.getUuid().toString()));
      return keys.submitToKey(key, new Take(hz.getCluster().getLocalMember().getUuid().toString(), live, ttlMillis));
    });
    taken.onComplete(ar -> {
      if (ar.failed()) {
        claimed.fail(ar.cause());
        return;
      }
      String before = ar.result();
      if (before == null) {
        claimed.complete(new Claim(0, false));
      } else if (before.startsWith(SEQ)) {
        claimed.complete(new Claim(Long.parseLong(before.substring(SEQ.length())), false));
      } else if (!live.contains(before.substring(CLAIM.length()))) {
        claimed.complete(new Claim(0, true));
      } else if (System.nanoTime() > deadline) {
        claimed.fail(Failures.of(Failures.CONFLICT, "a publish with this id is still being stored"));
      } else {
        vertx.setTimer(pauseMs, t -> attempt(key, deadline, Math.min(pauseMs * 2, 200), claimed));
      }
    });
  }

  /** The message is stored under {@code seq}: a later publish with the key gets that seq. */
  Future<Void> stored(String key, long seq) {
    return Store.async(context, () -> keys.setAsync(key, SEQ + seq, ttlMillis, TimeUnit.MILLISECONDS));
  }

  /** Storing failed: the key is free again (if this member still holds it). */
  void release(String key) {
    try {
      keys.submitToKey(key, new Release(hz.getCluster().getLocalMember().getUuid().toString()));
    } catch (RuntimeException e) {
      // the store is gone: so is the claim, with its member
    }
  }

  /**
   * On the key's owner: claims a free key or one whose claimant left, and returns what was there before (null when
   * free). Deterministic given its fields, so a backup replica applying it again comes to the same value.
   */
  static final class Take implements EntryProcessor<String, String, String>, Serializable {

    private final String me;
    private final Set<String> live;
    private final long ttlMillis;

    Take(String me, Set<String> live, long ttlMillis) {
      this.me = me;
      this.live = live;
      this.ttlMillis = ttlMillis;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      String before = entry.getValue();
      if (before == null || before.startsWith(CLAIM) && !live.contains(before.substring(CLAIM.length()))) {
        ((ExtendedMapEntry<String, String>) entry).setValue(CLAIM + me, ttlMillis, TimeUnit.MILLISECONDS);
      }
      return before;
    }
  }

  /** On the key's owner: frees the key if {@code me} still claims it. */
  static final class Release implements EntryProcessor<String, String, Void>, Serializable {

    private final String me;

    Release(String me) {
      this.me = me;
    }

    @Override
    public Void process(Map.Entry<String, String> entry) {
      if ((CLAIM + me).equals(entry.getValue())) {
        entry.setValue(null);
      }
      return null;
    }
  }
}
