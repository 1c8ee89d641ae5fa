package io.squall.bridge;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.squall.platform.Sessions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.sstore.SessionStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one bridge verticle instance shares among its sockets: options, permits, the fan-out, metrics, and the
 * connect-time identity check (token in the query, or the http verticle's session cookie, or anonymous).
 */
final class Bridge {

  private static final Logger log = LoggerFactory.getLogger(Bridge.class);
  /** Socket ids, unique in this JVM (presence keys them with the node id); no SecureRandom call per connect. */
  private static final AtomicLong SOCKET_IDS = new AtomicLong();

  final Vertx vertx;
  final BridgeOptions options;
  final Permits inbound;
  final Permits outbound;
  final Fanout fanout;
  final BridgeMetrics metrics;
  final Credentials credentials;
  final String nodeId;
  private final SessionStore sessions;
  private final Set<BridgeSocket> sockets = new LinkedHashSet<>();
  private final Drain drain;

  Bridge(Vertx vertx, BridgeOptions options, BridgeMetrics metrics, String nodeId) {
    this.vertx = vertx;
    this.options = options;
    this.inbound = new Permits(options.getInbound());
    this.outbound = new Permits(options.getOutbound());
    this.fanout = new Fanout(this);
    this.metrics = metrics;
    this.credentials = new Credentials(this);
    this.nodeId = nodeId;
    this.drain = new Drain(vertx);
    this.sessions = options.getSessionCookie() == null || options.getSessionCookie().isEmpty() ? null
        : Sessions.store(vertx);
  }

  /** A SockJS session opened (any transport). */
  void connected(SockJSSocket sock) {
    SockJsTransport transport = new SockJsTransport(sock);
    BridgeSocket socket = open(transport, sock.uri(), sessionCookie(sock.routingContext()));
    if (socket != null) {
      sock.handler(socket::onData);
      sock.closeHandler(v -> socket.closed());
      // a protocol error ends the connection (WebSocketGuard); SockJS only shuts its session down: end ours too
      sock.exceptionHandler(e -> {
        metrics.reject(WebSocketGuard.reason(e));
        socket.closed();
      });
    }
  }

  /** A raw WebSocket opened at {@code <path>/websocket}. */
  void connected(ServerWebSocket ws, RoutingContext ctx) {
    WebSocketTransport transport = new WebSocketTransport(ws, options.getMaxFrameSize(), options.getMaxMessageSize());
    BridgeSocket socket = open(transport, ws.uri(), sessionCookie(ctx));
    if (socket != null) {
      transport.read(socket::onData, metrics::reject);
      ws.closeHandler(v -> socket.closed());
      ws.exceptionHandler(e -> metrics.reject(WebSocketGuard.reason(e)));
    }
  }

  private BridgeSocket open(Transport transport, String uri, String sessionId) {
    if (drain.started()) {
      transport.closeAfter(Frames.reconnect(), 1001, Frames.GOING_AWAY);
      return null;
    }
    BridgeSocket socket = new BridgeSocket(this, transport, Long.toString(SOCKET_IDS.incrementAndGet(), 36));
    sockets.add(socket);
    metrics.opened();
    String token = queryToken(uri);
    if (token != null) {
      socket.authenticating();
      verify(socket, token);
    } else if (sessionId != null) {
      socket.authenticating();
      sessions.get(sessionId).onComplete(ar -> {
        Identity who = ar.succeeded() && ar.result() != null ? Identity.of(ar.result().get(Sessions.USER)) : null;
        if (socket.isClosed()) {
          return;
        }
        if (who != null) {
          // the session, not its token, is this socket's login: it ends when the session does (logout)
          credentials.track(socket, new Credentials.Credential(null, 0, Sessions.ref(sessionId)));
          socket.authenticated(who);
        } else {
          unauthenticatedAtConnect(socket);
        }
      });
    } else {
      unauthenticatedAtConnect(socket);
    }
    return socket;
  }

  /** Anonymous when allowed; otherwise the first frame must bring {@code headers.token}. */
  private void unauthenticatedAtConnect(BridgeSocket socket) {
    socket.authenticated(options.isAnonymous() ? Identity.ANONYMOUS : null);
  }

  /**
   * Asks squall.auth.verify (local first); frames wait meanwhile. A refused token closes the socket; an accepted one
   * is tracked by its id and expiry ({@code jti}, {@code exp} in the reply), which end the socket (Credentials).
   */
  void verify(BridgeSocket socket, String token) {
    Requests.<JsonObject>retryable(vertx, Addresses.AUTH_VERIFY, new JsonObject().put("token", token),
        options.getAuthTimeout()).onComplete(ar -> {
          JsonObject reply = ar.succeeded() ? ar.result().body() : null;
          Identity who = reply != null ? Identity.of(reply.getJsonObject("user")) : null;
          if (socket.isClosed()) {
            return;
          }
          if (who == null) {
            int status = ar.failed() ? Failures.httpStatus(ar.cause()) : 401;
            String reason = status >= 500 ? "auth_unavailable" : "auth_failed";
            metrics.reject(reason);
            socket.write(Frames.err(reason));
            socket.close(1008, reason);
          } else {
            String tokenId = reply.getValue("jti") instanceof String jti ? jti : null;
            long expiresAt = reply.getValue("exp") instanceof Number exp ? exp.longValue() * 1000 : 0;
            credentials.track(socket, new Credentials.Credential(tokenId, expiresAt, null));
            socket.authenticated(who);
          }
        });
  }

  /** Join or leave a channel's presence (squall.channels.join/leave), for identified users only. */
  void presence(BridgeSocket socket, String channel, boolean join) {
    Identity who = socket.identity();
    if (who == null || who.isAnonymous()) {
      return;
    }
    JsonObject body = new JsonObject().put("channel", channel).put("socket", socket.id).put("node", nodeId);
    if (join) {
      body.put("user", who.user());
    }
    // presence keeps a set of sockets per channel: a second join or leave of one socket changes nothing
    Requests.retryable(vertx, join ? Addresses.CHANNELS_JOIN : Addresses.CHANNELS_LEAVE, body, options.getReplyTimeout())
        .onFailure(e -> log.debug("bridge: presence {} of {} failed: {}", join ? "join" : "leave", channel, e.getMessage()));
  }

  void forget(BridgeSocket socket) {
    credentials.forget(socket);
    if (sockets.remove(socket)) {
      metrics.closed();
    }
  }

  /** Closes sockets that sent nothing (not even a ping) for {@code pingTimeout}. */
  void sweepIdle() {
    long oldest = System.currentTimeMillis() - options.getPingTimeout();
    for (BridgeSocket socket : new ArrayList<>(sockets)) {
      if (socket.lastSeen < oldest) {
        metrics.reject("idle");
        socket.close(1000, "ping timeout");
      }
    }
  }

  /**
   * Shutdown: every socket is told to reconnect (elsewhere) and closed, and so is every one that connects meanwhile;
   * completes when they have their last frames (bounded, see Drain).
   */
  Future<Void> drain() {
    return drain.start(new ArrayList<>(sockets));
  }

  /** Every request on the SockJS path passes here first: a drained polling session's next poll is awaited. */
  void sockJsRequest(RoutingContext ctx) {
    drain.request(ctx);
  }

  static String queryToken(String uri) {
    int q = uri == null ? -1 : uri.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String pair : uri.substring(q + 1).split("&")) {
      if (pair.startsWith("token=")) {
        try {
          String token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
          return token.isEmpty() ? null : token;
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The http verticle's session id, from the request that opened the socket (SockJS strips it from its headers). */
  private String sessionCookie(RoutingContext ctx) {
    if (sessions == null || ctx == null) {
      return null;
    }
    Cookie cookie = ctx.request().getCookie(options.getSessionCookie());
    return cookie == null ? null : cookie.getValue();
  }
}
