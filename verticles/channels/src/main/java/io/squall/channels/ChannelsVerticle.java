package io.squall.channels;

import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.squall.platform.ConfigKeys;
import io.squall.platform.Failures;
import io.squall.platform.NodeMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels with history and presence, stored in Hazelcast (the cluster's, or a private one on a standalone node):
 * <ul>
 *   <li>{@code squall.channels.publish {channel, data, from?}} stores, then publishes on {@code channel.<name>},
 *       then replies {@code {seq}};</li>
 *   <li>{@code squall.channels.history {channel, since?, limit?}} replies {@code {messages, complete, more}};</li>
 *   <li>{@code squall.channels.join}, {@code squall.channels.leave} (from the bridge) and
 *       {@code squall.channels.presence {channel}} keep and tell who is on a channel.</li>
 * </ul>
 * Any number of instances on any number of nodes share the same store: each request is handled by whichever
 * instance the event bus picks. At most {@code maxChannels} channels exist at once ({@link LiveChannels}), and a
 * channel idle for its history's time to live is destroyed ({@link IdleChannels}). Every key and failure:
 * verticles/channels/README.md.
 */
public class ChannelsVerticle extends VerticleBase {

  /** The keys of its config, checked by {@code squall check} and {@code squall run} (README.md's table). */
  public static final ConfigKeys CONFIG = ChannelsOptions.KEYS;

  private static final Logger log = LoggerFactory.getLogger(ChannelsVerticle.class);

  private ChannelsOptions options;
  private LiveChannels channels;
  private IdleChannels idle;
  private Presence presence;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

  @Override
  public Future<?> start() {
    try {
      options = new ChannelsOptions(CONFIG.validate("channels", config()));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Context context = vertx.getOrCreateContext();
    ChannelsMetrics metrics = ChannelsMetrics.create(NodeMetrics.registry(vertx));
    return ClusterStore.instance(vertx)
        .compose(hz -> vertx.executeBlocking(() -> {
          Store.configure(hz, options);
          if (options.getHistoryTtl() > 0) {
            // registering a cluster-wide listener waits for every member: a worker's job too
            idle = new IdleChannels(vertx, hz, metrics);
            idle.start();
          }
          return hz;
        }, false))
        .compose(hz -> {
          channels = new LiveChannels(vertx, context, hz, options);
          channels.start();
          Publisher publisher = new Publisher(vertx, context, hz, options, metrics, channels);
          History history = new History(vertx, context, hz, options, metrics, channels);
          consume(Addresses.CHANNELS_PUBLISH, publisher::handle);
          consume(Addresses.CHANNELS_HISTORY, history::handle);
          if (options.isPresence()) {
            presence = new Presence(vertx, context, hz, metrics);
            presence.start();
            consume(Addresses.CHANNELS_JOIN, presence::join);
            consume(Addresses.CHANNELS_LEAVE, presence::leave);
            consume(Addresses.CHANNELS_PRESENCE, presence::members);
          }
          return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).map(hz);
        })
        .onSuccess(hz -> log.info("channels: answering on {} ({} members in the store; history {} messages, {} s; at "
                + "most {} channels{})", options.isPresence() ? "publish, history, join, leave, presence" : "publish, history",
            hz.getCluster().getMembers().size(), options.getHistorySize(), options.getHistoryTtl(),
            options.getMaxChannels(), options.isPresence() ? "" : "; presence off"));
  }

  private void consume(String address, Handler<Message<Object>> handler) {
    consumers.add(vertx.eventBus().consumer(address, message -> {
      try {
        handler.handle(message);
      } catch (RuntimeException e) {
        // a bug, not a bad request (those are answered): still answer, so the sender does not wait for its timeout
        log.error("channels: {} failed", address, e);
        message.fail(Failures.INTERNAL, "internal error");
      }
    }));
  }

  @Override
  public Future<?> stop() {
    if (channels != null) {
      channels.stop();
    }
    if (presence != null) {
      presence.stop();
    }
    List<Future<?>> stopped = new ArrayList<>(consumers.stream().map(MessageConsumer::unregister).toList());
    if (idle != null) {
      // removing the listener waits for every member, as adding it did
      stopped.add(vertx.executeBlocking(() -> {
        idle.stop();
        return null;
      }, false));
    }
    return Future.join(stopped);
  }

  /** For tests: this instance's presence, to sweep a node by hand. */
  Presence presence() {
    return presence;
  }
}
