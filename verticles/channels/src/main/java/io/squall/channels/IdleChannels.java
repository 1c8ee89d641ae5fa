package io.squall.channels;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.vertx.core.Vertx;
import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destroys channels nobody published to for their history's time to live: by then every message has expired, and
 * the empty ringbuffer (about 14 KB) and its proxy on every member are all that is left.
 *
 * <p>Hazelcast expires a channel's {@link LiveChannels#MAP} entry and tells every channels verticle (a listener of the
 * whole map: the member owning the entry may run none). The first to replace the entry with a {@code retiring}
 * tombstone destroys the channel: it raises the channel's floor to its last seq, destroys the ringbuffer (cluster-wide,
 * proxies included), then removes the tombstone. A publish that finds the tombstone waits and then creates the channel
 * anew, above the floor; one that came between the expiry and the tombstone created the entry first, and the
 * tombstone is not put. A tombstone whose member died mid-way expires too, and the next verticle finishes the job.
 */
final class IdleChannels {

  /** A tombstone outlives a destroy that takes this long (its member died): then another verticle starts over. */
  static final long TOMBSTONE_TTL_SECONDS = 30;

  private static final Logger log = LoggerFactory.getLogger(IdleChannels.class);

  private final Vertx vertx;
  private final HazelcastInstance hz;
  private final IMap<String, String> live;
  private final IMap<String, Long> floors;
  private final ChannelsMetrics metrics;
  private UUID listener;

  IdleChannels(Vertx vertx, HazelcastInstance hz, ChannelsMetrics metrics) {
    this.vertx = vertx;
    this.hz = hz;
    this.live = hz.getMap(LiveChannels.MAP);
    this.floors = hz.getMap(LiveChannels.FLOORS);
    this.metrics = metrics;
  }

  void start() {
    listener = live.addEntryListener((EntryExpiredListener<String, String>) event -> {
      String channel = event.getKey();
      String expired = event.getOldValue();
      // on Hazelcast's event thread, which must not block: destroying waits for every member
      vertx.executeBlocking(() -> destroy(channel, expired), false).onFailure(e ->
          log.warn("channels: could not destroy idle channel {}: {}", channel, e.toString()));
    }, true);
  }

  void stop() {
    if (listener != null) {
      try {
        live.removeEntryListener(listener);
      } catch (RuntimeException e) {
        // the instance is going down with the node: nothing left to listen to
      }
    }
  }

  /** Destroys the channel unless it was used again (or is being destroyed) since its entry expired. Blocks. */
  private boolean destroy(String channel, String expired) {
    long offset = LiveChannels.offsetOf(expired);
    String tombstone = LiveChannels.RETIRING + offset;
    if (live.putIfAbsent(channel, tombstone, TOMBSTONE_TTL_SECONDS, TimeUnit.SECONDS) != null) {
      return false;
    }
    Ringbuffer<String> ringbuffer = Store.ringbuffer(hz, channel);
    floors.executeOnKey(LiveChannels.floorKey(channel), new RaiseFloor(offset + ringbuffer.tailSequence() + 1));
    ringbuffer.destroy();
    live.remove(channel, tombstone);
    metrics.destroyed();
    log.debug("channels: destroyed idle channel {}", channel);
    return true;
  }

  /** On the bucket's owner: the floor becomes {@code seq} if that is higher. */
  static final class RaiseFloor implements EntryProcessor<String, Long, Void>, Serializable {

    private final long seq;

    RaiseFloor(long seq) {
      this.seq = seq;
    }

    @Override
    public Void process(Map.Entry<String, Long> entry) {
      if (entry.getValue() == null || entry.getValue() < seq) {
        entry.setValue(seq);
      }
      return null;
    }
  }
}
