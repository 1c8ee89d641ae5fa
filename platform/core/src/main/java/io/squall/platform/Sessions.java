package io.squall.platform;

import io.vertx.core.Vertx;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The browser sessions the http verticle keeps and the bridge reads (a session cookie on the bridge's socket is a
 * login): one store name and the keys of what a login puts in a session.
 */
public final class Sessions {

  /** Session key of the logged-in user, {@code {id, name, roles}}. */
  public static final String USER = "squall.user";
  /** Session key of the token the login returned (revoked at logout). */
  public static final String TOKEN = "squall.token";
  public static final String DEFAULT_COOKIE = "squall_session";

  private static final String STORE = "squall.sessions";

  private Sessions() {
  }

  /**
   * How a session is named outside the store ({@link Addresses#SESSIONS_ENDED}): the SHA-256 of its id. The id is the
   * browser's credential, so it does not travel in messages that any consumer of the address could read or log.
   */
  public static String ref(String sessionId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Cluster-wide when clustered, so a session started on one node is seen by every node's http and bridge. */
  public static SessionStore store(Vertx vertx) {
    return vertx.isClustered() ? ClusteredSessionStore.create(vertx, STORE) : LocalSessionStore.create(vertx, STORE);
  }
}
