package io.squall.http;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.squall.platform.Sessions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.impl.UserContextInternal;

/**
 * Who is asking: a {@code Authorization: Bearer} token verified by {@code squall.auth.verify}, or the user the
 * session remembers from a form login. Requests with neither are guests; routes decide whether that is enough.
 */
final class Identity implements Handler<RoutingContext> {

  /** Set on the context when the user came from a bearer token: no ambient credential, so no XSRF check. */
  static final String BEARER = "squall.bearer";

  private final Vertx vertx;
  private final long timeout;
  private final String sessionCookie;

  /** @param sessionCookie the session cookie's name, or null when sessions are off */
  Identity(Vertx vertx, long timeout, String sessionCookie) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.sessionCookie = sessionCookie;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      verify(ctx, authorization.substring(7).trim());
      return;
    }
    // Only a request that brings a session cookie has a session to read; touching ctx.session() otherwise would
    // create one (and a cookie) for every guest.
    Session session = sessionCookie != null && ctx.request().getCookie(sessionCookie) != null ? ctx.session() : null;
    JsonObject user = session == null ? null : session.get(Sessions.USER);
    if (user != null) {
      setUser(ctx, user);
    }
    ctx.next();
  }

  private void verify(RoutingContext ctx, String token) {
    // local first: verification is a local signature check, no reason to cross the network for it
    Requests.<JsonObject>retryable(vertx, Addresses.AUTH_VERIFY, new JsonObject().put("token", token), timeout)
        .onSuccess(reply -> {
          JsonObject user = reply.body() == null ? null : reply.body().getJsonObject("user");
          if (user == null) {
            unauthenticated(ctx);
            return;
          }
          ctx.put(BEARER, true);
          setUser(ctx, user);
          ctx.next();
        })
        .onFailure(e -> {
          int status = Failures.httpStatus(e);
          if (status == Failures.UNAUTHENTICATED || status == Failures.FORBIDDEN || status == Failures.BAD_REQUEST) {
            unauthenticated(ctx);
          } else {
            ctx.fail(status, e);
          }
        });
  }

  private static void unauthenticated(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    ctx.fail(401, Failures.of(401, "the token is not valid"));
  }

  /** {@code {id, name, roles}} as the request's user. */
  static void setUser(RoutingContext ctx, JsonObject user) {
    JsonObject principal = new JsonObject()
        .put("sub", user.getString("id"))
        .put("username", user.getString("id"))
        .put("name", user.getString("name", user.getString("id")))
        .put("roles", user.getValue("roles"));
    ((UserContextInternal) ctx.userContext()).setUser(User.create(principal));
  }

  static boolean isBearer(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(BEARER));
  }
}
