package io.squall.channels;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where channels live in Hazelcast: a ringbuffer per channel ({@value #RINGBUFFER_PREFIX}{@code <name>}), one map
 * of presence ({@value #PRESENCE_MAP}, a {@link ChannelMembers} per channel), one of the publish ids callers gave
 * ({@link PublishKeys#MAP}), and the channels that exist with their seq floors ({@link LiveChannels}).
 */
final class Store {

  static final String RINGBUFFER_PREFIX = "squall.channel.";
  static final String PRESENCE_MAP = "squall.presence";
  /** At most this many publish ids per member (about 200 bytes each): older ones go first. */
  static final int PUBLISH_IDS_PER_NODE = 200_000;

  private static final Logger log = LoggerFactory.getLogger(Store.class);

  private Store() {
  }

  /**
   * An asynchronous Hazelcast call as a future on {@code context}. A member that is shutting down or gone throws
   * instead of returning a failed stage (HazelcastInstanceNotActiveException): that becomes the future's failure
   * too, so callers answer 503 instead of a request dying on the event loop.
   */
  static <T> Future<T> async(Context context, Supplier<CompletionStage<T>> call) {
    try {
      return Future.fromCompletionStage(call.get(), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  static Ringbuffer<String> ringbuffer(HazelcastInstance hz, String channel) {
    // a local lookup once the proxy exists; the first use of a name only announces it to the other members
    return hz.getRingbuffer(RINGBUFFER_PREFIX + channel);
  }

  /**
   * Adds the structures' config cluster-wide. Blocks (every member acknowledges a dynamic config): call it on a
   * worker. The first node to add it sets it for the cluster; a node whose options differ, or a cluster XML that
   * already configures these names, keeps the cluster's and says so.
   */
  static void configure(HazelcastInstance hz, ChannelsOptions options) {
    RingbufferConfig ringbuffers = new RingbufferConfig(RINGBUFFER_PREFIX + "*")
        .setCapacity(options.getHistorySize())
        .setTimeToLiveSeconds(options.getHistoryTtl())
        // synchronous: an add completes only once the backup holds the message too, so a message we acknowledged
        // survives the loss of one member
        .setBackupCount(1).setAsyncBackupCount(0)
        .setInMemoryFormat(InMemoryFormat.BINARY);
    try {
      hz.getConfig().addRingBufferConfig(ringbuffers);
    } catch (InvalidConfigurationException e) {
      log.warn("channels: the cluster already has another ringbuffer config for {} (historySize {}, historyTtl {} s "
              + "here); keeping the cluster's", ringbuffers.getName(), options.getHistorySize(), options.getHistoryTtl());
    }
    // OBJECT: the entry processors that join and leave change the stored value in place instead of deserializing
    // and serializing a channel's whole member list on every join
    MapConfig presence = new MapConfig(PRESENCE_MAP).setBackupCount(1).setAsyncBackupCount(0)
        .setInMemoryFormat(InMemoryFormat.OBJECT);
    // publish ids expire with their window (set per entry); the size cap only guards memory against a flood of ids
    MapConfig ids = new MapConfig(PublishKeys.MAP).setBackupCount(1).setAsyncBackupCount(0)
        .setInMemoryFormat(InMemoryFormat.BINARY)
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(PUBLISH_IDS_PER_NODE));
    // entries get their time to live from the entry processors that touch them (LiveChannels)
    MapConfig live = new MapConfig(LiveChannels.MAP).setBackupCount(1).setAsyncBackupCount(0)
        .setInMemoryFormat(InMemoryFormat.BINARY);
    MapConfig floors = new MapConfig(LiveChannels.FLOORS).setBackupCount(1).setAsyncBackupCount(0)
        .setInMemoryFormat(InMemoryFormat.BINARY);
    for (MapConfig map : new MapConfig[] {presence, ids, live, floors}) {
      try {
        hz.getConfig().addMapConfig(map);
      } catch (InvalidConfigurationException e) {
        log.warn("channels: the cluster already has another map config for {}; keeping the cluster's", map.getName());
      }
    }
  }
}
