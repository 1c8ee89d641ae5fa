package io.squall.bridge;

import io.squall.platform.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ends the sockets whose login ended, so that logout "revokes everywhere" holds for open sockets too: at the token's
 * expiry (a timer per socket, cancelled when it closes), and when, on any node, the token is revoked
 * ({@value Addresses#AUTH_REVOKED} {@code {jti}}: logout, {@code DELETE /auth/token}, refresh) or the session whose
 * cookie opened the socket ends ({@value Addresses#SESSIONS_ENDED} {@code {session}}: logout). One consumer per
 * address per bridge instance, and sockets indexed by token id and session, so an event costs a lookup, not a scan.
 *
 * <p>An event can overtake the identity check of a socket with the same credential (a verify answered from a node
 * whose copy of the revocation list is a few milliseconds behind, a session read just before its end), so ended
 * credentials are remembered a while, and a socket that authenticates with one is ended at once.
 */
final class Credentials {

  /** What vouched for a socket's identity: a token (its id, and its expiry in epoch ms, 0 for none) or a session. */
  record Credential(String tokenId, long expiresAt, String session) {
  }

  private static final String TOKEN = "token ";
  private static final String SESSION = "session ";
  /** Beyond the identity check's own timeout: how far a revocation may lag behind on the verifying node. */
  private static final long REPLICATION_MARGIN_MS = 5_000;

  private final Bridge bridge;
  private final Map<String, Set<BridgeSocket>> sockets = new HashMap<>();
  /** Ended credentials (index keys) and when the end was heard, oldest first. */
  private final LinkedHashMap<String, Long> ended = new LinkedHashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  Credentials(Bridge bridge) {
    this.bridge = bridge;
  }

  /** Starts listening for revocations and session ends; completes once both consumers are registered. */
  Future<Void> listen() {
    consumers.add(bridge.vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_REVOKED,
        m -> ended(TOKEN, m.body(), "jti", "token_revoked")));
    consumers.add(bridge.vertx.eventBus().<JsonObject>consumer(Addresses.SESSIONS_ENDED,
        m -> ended(SESSION, m.body(), "session", "logged_out")));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  Future<Void> close() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** Ties {@code socket} to {@code credential}: it ends when the credential does, or now if it has already. */
  void track(BridgeSocket socket, Credential credential) {
    socket.credential = credential;
    String reason = endedAlready(credential);
    if (reason != null) {
      socket.end(reason);
      return;
    }
    index(keys(credential), socket);
    if (credential.expiresAt() > 0) {
      long delay = credential.expiresAt() - System.currentTimeMillis();
      if (delay <= 0) {
        socket.end("token_expired");
      } else {
        socket.expiryTimer = bridge.vertx.setTimer(delay, t -> socket.end("token_expired"));
      }
    }
  }

  /** The socket closed: no timer, no index entry left behind. */
  void forget(BridgeSocket socket) {
    Credential credential = socket.credential;
    if (credential == null) {
      return;
    }
    socket.credential = null;
    bridge.vertx.cancelTimer(socket.expiryTimer);
    for (String key : keys(credential)) {
      Set<BridgeSocket> set = sockets.get(key);
      if (set != null && set.remove(socket) && set.isEmpty()) {
        sockets.remove(key);
      }
    }
  }

  private void ended(String kind, JsonObject body, String field, String reason) {
    if (body == null || !(body.getValue(field) instanceof String id)) {
      return;
    }
    String key = kind + id;
    long now = System.currentTimeMillis();
    forgetEndsBefore(now - bridge.options.getAuthTimeout() - REPLICATION_MARGIN_MS);
    ended.remove(key);
    ended.put(key, now);
    Set<BridgeSocket> matching = sockets.remove(key);
    if (matching != null) {
      new ArrayList<>(matching).forEach(socket -> socket.end(reason));
    }
  }

  private String endedAlready(Credential credential) {
    forgetEndsBefore(System.currentTimeMillis() - bridge.options.getAuthTimeout() - REPLICATION_MARGIN_MS);
    if (credential.tokenId() != null && ended.containsKey(TOKEN + credential.tokenId())) {
      return "token_revoked";
    }
    return credential.session() != null && ended.containsKey(SESSION + credential.session()) ? "logged_out" : null;
  }

  private void forgetEndsBefore(long oldest) {
    Iterator<Long> heard = ended.values().iterator();
    while (heard.hasNext() && heard.next() < oldest) {
      heard.remove();
    }
  }

  private static List<String> keys(Credential credential) {
    List<String> keys = new ArrayList<>(2);
    if (credential.tokenId() != null) {
      keys.add(TOKEN + credential.tokenId());
    }
    if (credential.session() != null) {
      keys.add(SESSION + credential.session());
    }
    return keys;
  }

  private void index(List<String> keys, BridgeSocket socket) {
    for (String key : keys) {
      sockets.computeIfAbsent(key, k -> new LinkedHashSet<>(2)).add(socket);
    }
  }
}
