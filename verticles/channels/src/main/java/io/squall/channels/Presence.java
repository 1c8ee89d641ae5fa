package io.squall.channels;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence: the bridge says which sockets (of which users) are registered on which channel
 * ({@code squall.channels.join}, {@code squall.channels.leave}); {@code squall.channels.presence} answers who is
 * there, each user once. {@code {type: join|leave, user, ts}} goes out on {@code channel.<name>.presence} when a
 * user's first socket joins or last socket leaves, whichever node or verticle instance handled it.
 *
 * <p>When a node dies its bridge sends no leaves: a Hazelcast membership listener removes its sockets, on every
 * channels verticle that hears of it (removal is an atomic per-channel update, so the second one finds nothing and no
 * leave is sent twice). A node is known by its Vert.x node id, which vertx-hazelcast keeps as the member attribute
 * {@value #VERTX_NODE_ID} (it is not the member's UUID).
 */
final class Presence implements MembershipListener {

  /** vertx-hazelcast's HazelcastClusterManager.NODE_ID_ATTRIBUTE (private there). */
  static final String VERTX_NODE_ID = "__vertx.nodeId";
  /**
   * A join sent by a node just before it died can reach the store after the first sweep of its sockets; the sweep
   * runs again after this delay to catch it.
   */
  static final long SWEEP_AGAIN_MILLIS = 5_000;

  private static final Logger log = LoggerFactory.getLogger(Presence.class);

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hz;
  private final ChannelsMetrics metrics;
  private final IMap<String, ChannelMembers> members;
  /** True when the store is the cluster's and its members carry Vert.x node ids: then joins name a live node. */
  private final boolean clusterNodes;
  private UUID listener;
  private volatile boolean closed;

  Presence(Vertx vertx, Context context, HazelcastInstance hz, ChannelsMetrics metrics) {
    this.vertx = vertx;
    this.context = context;
    this.hz = hz;
    this.metrics = metrics;
    this.members = hz.getMap(Store.PRESENCE_MAP);
    this.clusterNodes = vertx.isClustered() && hz.getCluster().getLocalMember().getAttribute(VERTX_NODE_ID) != null;
  }

  void start() {
    listener = hz.getCluster().addMembershipListener(this);
  }

  void stop() {
    closed = true;
    if (listener != null) {
      try {
        hz.getCluster().removeMembershipListener(listener);
      } catch (RuntimeException e) {
        // the instance is going down with the node: nothing left to listen to
      }
    }
  }

  void join(Message<Object> message) {
    String channel;
    String user;
    String key;
    String node;
    try {
      JsonObject body = fromBridge(message, "{channel, user, socket, node}");
      channel = Requests.channel(body);
      user = Requests.id(body, "user");
      String socket = Requests.id(body, "socket");
      node = Requests.id(body, "node");
      key = ChannelMembers.key(node, socket);
      if (clusterNodes && !isMember(node)) {
        // a late message from a node that has left: its sockets are gone, this one must not come back
        throw Failures.of(Failures.CONFLICT, "node " + node + " is not a member of the cluster");
      }
    } catch (ReplyException e) {
      reject(message, "join", e.failureCode(), e.getMessage());
      return;
    }
    long now = System.currentTimeMillis();
    update(channel, new PresenceUpdates.Join(key, user, node, now)).onComplete(ar -> {
      if (ar.failed()) {
        unavailable(message, "join", channel, ar.cause());
        return;
      }
      if (ar.result()) {
        event(channel, "join", user, now);
      }
      message.reply(new JsonObject());
    });
  }

  void leave(Message<Object> message) {
    String channel;
    String key;
    try {
      JsonObject body = fromBridge(message, "{channel, socket, node}");
      channel = Requests.channel(body);
      key = ChannelMembers.key(Requests.id(body, "node"), Requests.id(body, "socket"));
    } catch (ReplyException e) {
      reject(message, "leave", e.failureCode(), e.getMessage());
      return;
    }
    long now = System.currentTimeMillis();
    update(channel, new PresenceUpdates.Leave(key, now)).onComplete(ar -> {
      if (ar.failed()) {
        unavailable(message, "leave", channel, ar.cause());
        return;
      }
      if (ar.result() != null) {
        event(channel, "leave", ar.result(), now);
      }
      message.reply(new JsonObject());
    });
  }

  /** {@code {members: [{user, since}]}}: each user once with their earliest socket's since, earliest first. */
  void members(Message<Object> message) {
    String channel;
    try {
      channel = Requests.channel(Requests.body(message, "{channel}"));
    } catch (ReplyException e) {
      reject(message, "presence", e.failureCode(), e.getMessage());
      return;
    }
    Store.async(context, () -> members.getAsync(channel)).map(Presence::membersReply).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        unavailable(message, "presence", channel, ar.cause());
      }
    });
  }

  private static JsonObject membersReply(ChannelMembers channel) {
    List<Map.Entry<String, Long>> users = new ArrayList<>(channel == null ? List.of() : channel.usersSince().entrySet());
    users.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    JsonArray list = new JsonArray();
    users.forEach(u -> list.add(new JsonObject().put("user", u.getKey()).put("since", u.getValue())));
    return new JsonObject().put("members", list);
  }

  @Override
  public void memberAdded(MembershipEvent event) {
  }

  /** On a Hazelcast event thread: the sweep itself blocks, so it goes to a worker. */
  @Override
  public void memberRemoved(MembershipEvent event) {
    String node = nodeId(event.getMember());
    context.runOnContext(v -> {
      if (!closed) {
        sweep(node);
        vertx.setTimer(SWEEP_AGAIN_MILLIS, t -> sweep(node));
      }
    });
  }

  /** Removes {@code node}'s sockets from every channel and sends the leaves; safe to run any number of times. */
  Future<Void> sweep(String node) {
    if (closed) {
      return Future.succeededFuture();
    }
    long now = System.currentTimeMillis();
    return vertx.executeBlocking(() -> members.executeOnEntries(new PresenceUpdates.RemoveNode(node, now)), false)
        .onSuccess(removed -> {
          int leaves = 0;
          for (Map.Entry<String, ArrayList<String>> e : removed.entrySet()) {
            if (e.getValue() != null) {
              for (String user : e.getValue()) {
                event(e.getKey(), "leave", user, now);
                leaves++;
              }
            }
          }
          if (leaves > 0) {
            log.info("channels: node {} left the cluster; {} users left channels with it", node, leaves);
          }
        })
        .onFailure(e -> log.warn("channels: could not remove the sockets of departed node {}: {}", node, e.toString()))
        .mapEmpty();
  }

  private <R> Future<R> update(String channel, com.hazelcast.map.EntryProcessor<String, ChannelMembers, R> change) {
    return Store.async(context, () -> members.submitToKey(channel, change));
  }

  private void event(String channel, String type, String user, long ts) {
    metrics.presenceEvent(type);
    vertx.eventBus().publish(Addresses.presence(channel),
        new JsonObject().put("type", type).put("user", user).put("ts", ts));
  }

  /** Join and leave are the bridge's own messages; one that carries a browser's identity headers is not. */
  private static JsonObject fromBridge(Message<Object> message, String shape) {
    if (message.headers().contains(Addresses.HEADER_USER) || message.headers().contains(Addresses.HEADER_ROLES)) {
      throw Failures.of(Failures.FORBIDDEN, "join and leave come from the bridge, not from browsers");
    }
    return Requests.body(message, shape);
  }

  private boolean isMember(String node) {
    for (Member member : hz.getCluster().getMembers()) {
      if (node.equals(nodeId(member))) {
        return true;
      }
    }
    return false;
  }

  static String nodeId(Member member) {
    String id = member.getAttribute(VERTX_NODE_ID);
    return id != null ? id : member.getUuid().toString();
  }

  private void unavailable(Message<Object> message, String address, String channel, Throwable cause) {
    log.warn("channels: {} on {} failed: {}", address, channel, cause.toString());
    reject(message, address, Failures.UNAVAILABLE, "the presence store is not available");
  }

  private void reject(Message<Object> message, String address, int status, String why) {
    metrics.rejected(address, status);
    message.fail(status, why);
  }
}
