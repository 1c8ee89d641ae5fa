package io.squall.platform;

import io.vertx.core.Vertx;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;

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

  /** Cluster-wide when clustered, so a session started on one node is seen by every node's http and bridge. */
  public static SessionStore store(Vertx vertx) {
    return vertx.isClustered() ? ClusteredSessionStore.create(vertx, STORE) : LocalSessionStore.create(vertx, STORE);
  }
}
