package io.squall.bridge;

import io.squall.platform.Addresses;
import io.squall.platform.Requests;
import io.squall.platform.TokenBucket;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One browser connection: its identity, registrations, rate budget and send queue. Runs on its verticle's event
 * loop only. Everything is created lazily: an idle socket holds a few fields and no collections.
 */
final class BridgeSocket {

  private static final int MAX_ADDRESS = 200;
  private static final int MAX_EARLY_FRAMES = 32;
  private static final int MAX_AWAITED_REPLIES = 100;

  final Bridge bridge;
  final Transport sock;
  final String id;
  private Identity identity;
  /** Frames that arrived while the identity was being checked; null when none is being checked. */
  private List<Buffer> early;
  private Map<String, Registration> registrations;
  /** Reply addresses of messages delivered to this socket: the browser may send to these (its replies). */
  private Map<String, Message<Object>> awaitingReply;
  private ArrayDeque<String> queue;
  private int queuedBytes;
  private int dropped;
  /** The socket's rate budget; null when the bridge sets no rate limit. */
  private final TokenBucket budget;
  long lastSeen = System.currentTimeMillis();
  /** What vouched for the identity and can end it (Credentials); null when nothing can (anonymous, a stand-in). */
  Credentials.Credential credential;
  /** The timer that ends the socket when its token expires; -1 when none. */
  long expiryTimer = -1;
  private boolean closed;

  BridgeSocket(Bridge bridge, Transport sock, String id) {
    this.bridge = bridge;
    this.sock = sock;
    this.id = id;
    this.budget = bridge.options.getRateLimit() == 0 ? null
        : new TokenBucket(bridge.options.getRateLimit(), bridge.options.getRateBurst(), System.nanoTime());
  }

  Identity identity() {
    return identity;
  }

  boolean isClosed() {
    return closed;
  }

  /** Start of an identity check (token or session): frames wait until it ends. */
  void authenticating() {
    early = new ArrayList<>();
  }

  void authenticated(Identity who) {
    identity = who;
    List<Buffer> waiting = early;
    early = null;
    if (waiting != null) {
      waiting.forEach(this::onData);
    }
  }

  void onData(Buffer data) {
    lastSeen = System.currentTimeMillis();
    if (closed) {
      return;
    }
    if (data.length() > bridge.options.getMaxMessageSize()) {
      bridge.metrics.reject("too_big");
      close(1009, "message too big");
      return;
    }
    if (early != null) {
      if (early.size() >= MAX_EARLY_FRAMES) {
        bridge.metrics.reject("too_many_frames");
        close(1008, "too many frames before authentication");
      } else {
        early.add(data);
      }
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(data.toString());
    } catch (DecodeException | ClassCastException e) {
      refuse("invalid_json");
      return;
    }
    if (identity == null) {
      String token = frame.getValue("headers") instanceof JsonObject h && h.getValue("token") instanceof String t ? t : null;
      if (token == null) {
        bridge.metrics.reject("not_logged_in");
        write(Frames.err("not_logged_in"));
        close(1008, "not logged in");
        return;
      }
      authenticating();
      early.add(data);
      bridge.verify(this, token);
      return;
    }
    bridge.metrics.in();
    handle(frame);
  }

  private void handle(JsonObject frame) {
    Object type = frame.getValue("type");
    if (!(type instanceof String)) {
      refuse("missing_type");
      return;
    }
    if ("ping".equals(type)) {
      return;
    }
    if (!(frame.getValue("address") instanceof String address) || address.isEmpty() || address.length() > MAX_ADDRESS) {
      refuse("missing_address");
      return;
    }
    switch ((String) type) {
      case "send" -> sendOrPublish(frame, address, true);
      case "publish" -> sendOrPublish(frame, address, false);
      case "register" -> register(frame, address);
      case "unregister" -> unregister(address);
      default -> refuse("invalid_type");
    }
  }

  private void sendOrPublish(JsonObject frame, String address, boolean send) {
    String replyAddress = send && frame.getValue("replyAddress") instanceof String r ? r : null;
    if (!takeToken()) {
      refuse("rate_limited", replyAddress, 429);
      return;
    }
    Object body = frame.getValue("body");
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(bridge.options.getReplyTimeout())
        .setHeaders(headers(frame.getValue("headers")));
    Message<Object> replyTo = send && awaitingReply != null ? awaitingReply.remove(address) : null;
    if (replyTo == null && !bridge.inbound.allows(address, body, identity)) {
      refuse("access_denied", replyAddress, 403);
      return;
    }
    try {
      if (replyTo != null && replyAddress == null) {
        replyTo.reply(body, delivery);
      } else if (replyTo != null) {
        replyTo.replyAndRequest(body, delivery).onComplete(ar -> replied(replyAddress, ar.result(), ar.cause()));
      } else if (!send) {
        bridge.vertx.eventBus().publish(address, body, delivery);
      } else if (replyAddress == null) {
        bridge.vertx.eventBus().send(address, body, delivery);
      } else {
        // sent once more if its node dies only when the browser gave an idempotency key (its receiver dedupes)
        Requests.keyed(bridge.vertx, address, body, delivery)
            .onComplete(ar -> replied(replyAddress, ar.result(), ar.cause()));
      }
    } catch (IllegalArgumentException e) {
      // a body the event bus has no codec for (e.g. a huge integer)
      refuse("invalid_body", replyAddress, 400);
    }
  }

  /** The identity headers the bridge vouches for replace whatever the browser sent under those names. */
  private MultiMap headers(Object fromBrowser) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (fromBrowser instanceof JsonObject json) {
      boolean forged = false;
      for (Map.Entry<String, Object> h : json) {
        if (h.getKey().regionMatches(true, 0, "squall-", 0, 7)) {
          forged = true;
        } else if (!"token".equals(h.getKey()) && h.getValue() != null) {
          headers.add(h.getKey(), String.valueOf(h.getValue()));
        }
      }
      if (forged) {
        // stripped, not refused (the message goes on with the verified identity); counted so that it shows
        bridge.metrics.reject("forged_identity");
      }
    }
    if (!identity.isAnonymous()) {
      headers.set(Addresses.HEADER_USER, identity.user());
      headers.set(Addresses.HEADER_ROLES, identity.rolesHeader());
    }
    return headers;
  }

  private void replied(String replyAddress, Message<Object> reply, Throwable failure) {
    if (closed) {
      return;
    }
    if (failure instanceof ReplyException re) {
      write(Frames.failure(replyAddress, re.failureCode(), re.failureType().name(), re.getMessage()));
    } else if (failure != null) {
      write(Frames.failure(replyAddress, 500, "RECIPIENT_FAILURE", "internal error"));
    } else {
      awaitReply(reply);
      write(Frames.rec(replyAddress, reply.body(), reply.headers(), reply.replyAddress()));
    }
  }

  private void register(JsonObject frame, String address) {
    if (registrations != null && registrations.containsKey(address)) {
      return;
    }
    // registrations share the frame budget: each new address is an event-bus consumer (a cluster-wide subscription
    // write in Hazelcast), so a register/unregister loop would otherwise be an unthrottled amplifier
    if (!takeToken()) {
      refuse("rate_limited", address, 429);
      return;
    }
    if (registrations != null && registrations.size() >= bridge.options.getMaxRegistrations()) {
      refuse("max_registrations", address, 429);
      return;
    }
    if (!bridge.outbound.allowsAddress(address, identity)) {
      refuse("access_denied", address, 403);
      return;
    }
    if (registrations == null) {
      registrations = new HashMap<>(4);
    }
    Registration registration = new Registration(address);
    registrations.put(address, registration);
    Object since = frame.getValue("headers") instanceof JsonObject h ? h.getValue("since") : null;
    bridge.fanout.subscribe(this, registration, since == null ? -1 : Registration.seq(since));
  }

  private void unregister(String address) {
    Registration registration = registrations == null ? null : registrations.remove(address);
    if (registration != null) {
      bridge.fanout.unsubscribe(this, registration);
    }
  }

  Registration registration(String address) {
    return registrations == null ? null : registrations.get(address);
  }

  /** A message for this socket (already encoded once for every socket of the address). */
  void deliver(String frame, Message<Object> message) {
    if (message != null && message.replyAddress() != null) {
      awaitReply(message);
    }
    write(frame);
  }

  private void awaitReply(Message<Object> message) {
    if (message.replyAddress() == null) {
      return;
    }
    if (awaitingReply == null) {
      awaitingReply = new HashMap<>(4);
    }
    if (awaitingReply.size() < MAX_AWAITED_REPLIES) {
      awaitingReply.put(message.replyAddress(), message);
      bridge.vertx.setTimer(bridge.options.getReplyTimeout(), t -> {
        if (awaitingReply != null) {
          awaitingReply.remove(message.replyAddress());
        }
      });
    }
  }

  /**
   * Writes now when the transport takes it, else queues; a queue past {@code writeQueueSize} means a consumer that
   * cannot keep up: closed, or its oldest frames dropped and a {@code lagged} notice sent when it catches up.
   */
  void write(String frame) {
    if (closed) {
      return;
    }
    if (queue == null && !sock.writeQueueFull()) {
      sock.write(frame);
      bridge.metrics.out();
      return;
    }
    if (queue == null) {
      queue = new ArrayDeque<>();
      sock.drainHandler(v -> flush());
    }
    queue.add(frame);
    queuedBytes += frame.length();
    if (queuedBytes > bridge.options.getWriteQueueSize()) {
      if (bridge.options.getSlowConsumer() == BridgeOptions.SlowConsumerPolicy.CLOSE) {
        bridge.metrics.reject("slow_consumer");
        close(1008, "slow consumer: " + queuedBytes + " bytes not taken");
        return;
      }
      int before = dropped;
      while (queuedBytes > bridge.options.getWriteQueueSize() && !queue.isEmpty()) {
        queuedBytes -= queue.poll().length();
        dropped++;
      }
      bridge.metrics.dropped(dropped - before);
    }
  }

  private void flush() {
    if (closed || queue == null) {
      return;
    }
    if (dropped > 0 && !sock.writeQueueFull()) {
      sock.write(Frames.lagged(dropped));
      bridge.metrics.reject("lagged");
      dropped = 0;
    }
    while (!queue.isEmpty() && !sock.writeQueueFull()) {
      String frame = queue.poll();
      queuedBytes -= frame.length();
      sock.write(frame);
      bridge.metrics.out();
    }
    if (queue.isEmpty()) {
      queue = null;
      queuedBytes = 0;
    } else {
      sock.drainHandler(v -> flush());
    }
  }

  private boolean takeToken() {
    return budget == null || budget.take(System.nanoTime()) == 0;
  }

  void refuse(String reason) {
    bridge.metrics.reject(reason);
    write(Frames.err(reason));
  }

  /** A refusal the client can tie to what it was waiting for (a reply, a registration), or a plain one. */
  private void refuse(String reason, String address, int code) {
    if (address == null) {
      refuse(reason);
      return;
    }
    bridge.metrics.reject(reason);
    write(Frames.failure(address, code, "RECIPIENT_FAILURE", reason));
  }

  void close(int code, String reason) {
    if (!closed) {
      sock.close(code, reason);
      closed();
    }
  }

  /**
   * The login behind this socket ended ({@code token_expired}, {@code token_revoked}, {@code logged_out}): the reason
   * as an {@code err} frame, then close 1008 (a SockJS session, once the frame has gone out, sends SockJS's own close
   * frame, {@code c[3000,"Go away!"]}, whatever the code). Frames still queued here are dropped: they were meant for a
   * login that is over.
   */
  void end(String reason) {
    if (closed) {
      return;
    }
    bridge.metrics.reject(reason);
    sock.closeAfter(Frames.err(reason), 1008, reason);
    closed();
  }

  /**
   * Drain: the reconnect frame, then the close (1001). Frames still queued here are dropped: the client resumes its
   * channels by seq. Completes when the frame has gone out; failed when it cannot (the socket is closed already).
   */
  Future<Void> goAway() {
    if (closed) {
      return Future.failedFuture("closed");
    }
    Future<Void> told = sock.closeAfter(Frames.reconnect(), 1001, Frames.GOING_AWAY);
    closed();
    return told;
  }

  /**
   * Transport gone (or closed by us): leave every registration; runs once. The leaving waits for the next turn of
   * the event loop: a socket closed while a message is being fanned out (a slow consumer) must not change the set
   * of sockets that is being iterated, or its neighbours would miss that message.
   */
  void closed() {
    if (closed) {
      return;
    }
    closed = true;
    queue = null;
    bridge.vertx.runOnContext(v -> {
      if (registrations != null) {
        registrations.values().forEach(r -> bridge.fanout.unsubscribe(this, r));
        registrations = null;
      }
      bridge.forget(this);
    });
  }
}
