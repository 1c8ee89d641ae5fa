package io.squall.bridge;

import io.squall.platform.Addresses;
import io.squall.platform.Requests;
import io.squall.platform.RecentIds;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event-bus consumer per address per bridge instance, whatever the number of sockets listening there: a message
 * is encoded once and written to each local socket. (A consumer per socket, as the stock Vert.x bridge does, costs
 * a cluster-wide subscription entry per socket and a copy of each message per socket.)
 *
 * <p>Channel streams ({@code channel.<name>}) are delivered in sequence order: publishes from different nodes can
 * overtake each other on the way here, so a message after a gap is held while the gap is read from the channel's
 * history ({@code squall.channels.history}), and duplicates are dropped: a seq already passed on, and a message
 * whose {@code id} was passed on under another seq (a retried add's second copy, see {@link RecentIds}). History
 * leaves such copies out, so its seqs may have holes; a copy is offered to the sockets as its seq without a frame,
 * which moves them past it.
 */
final class Fanout {

  private static final Logger log = LoggerFactory.getLogger(Fanout.class);

  private final Bridge bridge;
  private final Map<String, Subscription> subscriptions = new HashMap<>();

  Fanout(Bridge bridge) {
    this.bridge = bridge;
  }

  void subscribe(BridgeSocket socket, Registration registration, long since) {
    Subscription sub = subscriptions.computeIfAbsent(registration.address, Subscription::new);
    sub.sockets.add(socket);
    if (registration.channel != null) {
      if (since > Registration.MAX_SEQ) {
        reload(socket, registration, "resume_out_of_range", 410);
      } else if (since >= 0) {
        // catch up from history once this node's consumer is in place: from then on nothing can slip between
        registration.last = since;
        registration.held = new TreeMap<>();
        sub.ready.onComplete(ar -> replay(socket, registration, since));
      }
      bridge.presence(socket, registration.channel, true);
    }
  }

  void unsubscribe(BridgeSocket socket, Registration registration) {
    Subscription sub = subscriptions.get(registration.address);
    if (sub != null && sub.sockets.remove(socket) && sub.sockets.isEmpty()) {
      subscriptions.remove(registration.address);
      sub.consumer.unregister();
    }
    if (registration.channel != null) {
      bridge.presence(socket, registration.channel, false);
    }
  }

  Future<Void> close() {
    List<Future<Void>> unregistered = new ArrayList<>();
    subscriptions.values().forEach(s -> unregistered.add(s.consumer.unregister()));
    subscriptions.clear();
    return Future.join(unregistered).mapEmpty();
  }

  /**
   * History after {@code since} for one socket (at most {@code maxResume} messages), then what was held. When history
   * cannot serve it (unreadable, no longer holding what was missed, too long, or {@code since} beyond the channel's
   * latest seq), the socket is told {@code reload} once and goes on from the frames held meanwhile.
   */
  private void replay(BridgeSocket socket, Registration registration, long since) {
    history(registration.channel, since, Math.max(1, bridge.options.getMaxResume())).onComplete(ar -> {
      if (socket.isClosed() || socket.registration(registration.address) != registration) {
        return;
      }
      boolean delivered = false;
      if (ar.failed()) {
        log.debug("bridge: history of {} failed: {}", registration.channel, ar.cause().getMessage());
        reload(socket, registration, "resume_failed", 503);
      } else {
        JsonObject page = ar.result();
        for (Object item : page.getJsonArray("messages", new JsonArray())) {
          long seq = Registration.seqOf(item);
          if (seq > registration.last) {
            registration.last = seq;
            delivered = true;
            socket.deliver(Frames.rec(registration.address, item, null, null), null);
          }
        }
        if (!page.getBoolean("complete", true)) {
          // the channel no longer holds what this socket missed (or never held it): the app must reload what it shows
          reload(socket, registration, "resume_incomplete", 410);
        } else if (page.getBoolean("more", false)) {
          reload(socket, registration, "resume_too_long", 410);
        }
      }
      if (registration.reloaded && !delivered) {
        // nothing replayed: since may name no message of this channel (beyond its latest seq); forget it, or every
        // message up to it would be dropped as one the socket has
        registration.last = -1;
      }
      TreeMap<Long, String> held = registration.held;
      registration.held = null;
      if (held != null && !held.isEmpty()) {
        // what history could not fill is gone (the socket was told to reload): go on from the first held frame
        registration.last = Math.max(registration.last, held.firstKey() - 1);
        held.forEach((seq, frame) -> offer(socket, registration, seq, frame, null));
      }
    });
  }

  /** Tells the socket its stream has a hole it must reload around; once per registration, then it is live only. */
  private void reload(BridgeSocket socket, Registration registration, String reason, int code) {
    if (!registration.reloaded) {
      registration.reloaded = true;
      bridge.metrics.reject(reason);
      socket.write(Frames.failure(registration.address, code, "RECIPIENT_FAILURE", "reload"));
    }
  }

  private Future<JsonObject> history(String channel, long since, int limit) {
    return Requests.<JsonObject>retryable(bridge.vertx, Addresses.CHANNELS_HISTORY,
        new JsonObject().put("channel", channel).put("since", since).put("limit", limit),
        bridge.options.getReplyTimeout()).map(Message::body);
  }

  /**
   * One message for one socket, in order: held while it catches up, dropped when it already has it, and a gap
   * read from history first. Such a gap can only open when this node's consumer is new: the publishing node learns
   * of a new subscription a moment after it is registered, so the first publishes after the socket's replay can
   * miss this node, and the consumer's own gap check has no previous seq to compare with. A null frame is a seq
   * with nothing to deliver (a copy, or a hole history left), which only moves the socket past it. A socket told to
   * reload reads no history again: a gap then passes, as it does in the stream the reloaded app starts from.
   */
  private void offer(BridgeSocket socket, Registration registration, long seq, String frame, Message<Object> message) {
    if (registration == null || registration.channel == null || seq < 0) {
      if (frame != null) {
        socket.deliver(frame, message);
      }
    } else if (registration.held != null) {
      registration.hold(seq, frame);
    } else if (registration.last >= 0 && seq - registration.last > 1 && !registration.reloaded) {
      registration.hold(seq, frame);
      replay(socket, registration, registration.last);
    } else if (seq > registration.last) {
      registration.last = seq;
      if (frame != null) {
        socket.deliver(frame, message);
      }
    }
  }

  private final class Subscription implements Handler<Message<Object>> {

    final String address;
    final String channel;
    final Set<BridgeSocket> sockets = new LinkedHashSet<>();
    final MessageConsumer<Object> consumer;
    final Future<Void> ready;
    /** For channels: the highest sequence number passed on, and messages that came after a gap. */
    long last = -1;
    final RecentIds ids;
    TreeMap<Long, Message<Object>> early;
    boolean fetching;

    Subscription(String address) {
      this.address = address;
      this.channel = Registration.channelOf(address);
      this.ids = channel == null ? null : new RecentIds();
      this.consumer = bridge.vertx.eventBus().consumer(address, this);
      this.ready = consumer.completion();
    }

    @Override
    public void handle(Message<Object> message) {
      long seq = channel != null ? Registration.seqOf(message.body()) : -1;
      if (seq < 0 || last < 0 || seq == last + 1) {
        pass(seq, message);
        drainEarly();
      } else if (seq > last + 1) {
        if (early == null) {
          early = new TreeMap<>();
        }
        early.put(seq, message);
        fillGap();
      }
      // seq <= last: a duplicate (history already gave it, or it overtook its own re-delivery)
    }

    private void pass(long seq, Message<Object> message) {
      if (seq >= 0) {
        last = Math.max(last, seq);
      }
      String frame = ids == null || ids.firstTime(RecentIds.idOf(message.body()))
          ? Frames.rec(address, message.body(), message.headers(), message.replyAddress()) : null;
      boolean checkBody = bridge.outbound.hasBodyMatch();
      for (BridgeSocket socket : sockets) {
        if (!checkBody || bridge.outbound.allows(address, message.body(), socket.identity())) {
          offer(socket, socket.registration(address), seq, frame, message);
        }
      }
    }

    private void offerToAll(long seq, String frame) {
      for (BridgeSocket socket : sockets) {
        offer(socket, socket.registration(address), seq, frame, null);
      }
    }

    private void drainEarly() {
      while (early != null && !early.isEmpty() && early.firstKey() <= last + 1) {
        Map.Entry<Long, Message<Object>> next = early.pollFirstEntry();
        if (next.getKey() == last + 1) {
          pass(next.getKey(), next.getValue());
        }
      }
      if (early != null && early.isEmpty()) {
        early = null;
      }
    }

    private void fillGap() {
      if (fetching) {
        return;
      }
      fetching = true;
      long from = last;
      history(channel, from, Math.max(1, (int) Math.min(1000, early.firstKey() - from))).onComplete(ar -> {
        fetching = false;
        if (ar.succeeded()) {
          boolean complete = ar.result().getBoolean("complete", true);
          for (Object item : ar.result().getJsonArray("messages", new JsonArray())) {
            long seq = Registration.seqOf(item);
            if (seq == last + 1 || complete && seq > last) {
              // a complete page's holes are copies history left out: the sockets go past them as past any message
              for (long hole = last + 1; hole < seq; hole++) {
                offerToAll(hole, null);
              }
              last = seq;
              offerToAll(seq, ids.firstTime(RecentIds.idOf(item)) ? Frames.rec(address, item, null, null) : null);
            }
          }
        }
        if (early != null && !early.isEmpty() && early.firstKey() > last + 1) {
          if (ar.failed() || !ar.result().getBoolean("complete", true) || last == from) {
            // the gap cannot be filled (history lost or unreachable): go on from what came, rather than stall
            log.debug("bridge: {} skips {}..{}", address, last + 1, early.firstKey() - 1);
            bridge.metrics.reject("gap_skipped");
            last = early.firstKey() - 1;
          } else {
            fillGap();
            return;
          }
        }
        drainEarly();
      });
    }
  }
}
