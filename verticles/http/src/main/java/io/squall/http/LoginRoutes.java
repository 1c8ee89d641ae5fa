package io.squall.http;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.squall.platform.Sessions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Tornado's login/logout handlers and {@code @authenticated}, backed by the auth verticle over the event bus:
 * {@code POST loginUrl} (form), {@code POST logoutUrl}, {@code POST tokenUrl} (JSON, for the bridge and API
 * clients), and the guard that authenticated routes use.
 */
final class LoginRoutes {

  private static final long FORM_LIMIT = 16 * 1024;
  static final String OIDC_STATE_COOKIE = "squall_oidc";
  private static final Set<String> SAFE_TO_REPEAT = Set.of(Addresses.AUTH_LOGIN, Addresses.AUTH_LOGOUT,
      Addresses.AUTH_OIDC_START);

  private final Vertx vertx;
  private final HttpOptions options;

  LoginRoutes(Vertx vertx, HttpOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /**
   * @param sessions the session handler (login starts a session), or null when sessions are off
   * @param xsrf the XSRF check for the form endpoints, or null when it is off
   */
  void mount(Router router, Handler<RoutingContext> sessions, Handler<RoutingContext> xsrf) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(FORM_LIMIT);
    Handler<RoutingContext> check = xsrf != null ? xsrf : RoutingContext::next;
    // Login forms are XSRF-checked too (login CSRF would sign the victim in as the attacker).
    withSessions(router.post(options.getLoginUrl()), sessions).handler(body).handler(check).handler(this::login);
    withSessions(router.post(options.getLogoutUrl()), sessions).handler(body).handler(check).handler(this::logout);
    // The token endpoints take credentials in the body or the Authorization header and set no cookie: nothing
    // ambient to forge, so no XSRF check.
    router.post(options.getTokenUrl()).handler(body).handler(this::token);
    // The session's own token, for the page's scripts (the bridge on another port cannot always see the cookie:
    // SockJS's xhr fallbacks are cross-origin without credentials). Same-origin only: no CORS header, so another
    // site's script cannot read the answer.
    withSessions(router.get(options.getTokenUrl()), sessions).handler(this::sessionToken);
    router.post(options.getTokenUrl() + "/refresh").handler(ctx -> withBearer(ctx, Addresses.AUTH_REFRESH,
        reply -> ctx.json(new JsonObject().put("token", reply.getString("token")))));
    router.delete(options.getTokenUrl()).handler(ctx -> withBearer(ctx, Addresses.AUTH_LOGOUT,
        reply -> ctx.response().setStatusCode(204).end()));
    if (options.getOidcLoginUrl() != null) {
      router.get(options.getOidcLoginUrl()).handler(this::oidcStart);
      // The provider's redirect back is a cross-site top-level GET: the state cookie (SameSite=Lax) comes with it.
      withSessions(router.get(options.getOidcLoginUrl() + "/callback"), sessions).handler(this::oidcCallback);
    }
  }

  /**
   * The session handler first when sessions are on. Nothing in its place when they are off: Vert.x Web refuses a
   * body handler after an ordinary handler, so a pass-through there would stop the verticle from starting.
   */
  private static Route withSessions(Route route, Handler<RoutingContext> sessions) {
    return sessions == null ? route : route.handler(sessions);
  }

  /**
   * {@code @authenticated}: a guest's GET or HEAD goes to the login page with {@code next} (a same-origin path);
   * any other method is refused, since replaying a form after login would surprise the user.
   */
  void requireUser(RoutingContext ctx) {
    if (ctx.user() != null) {
      ctx.next();
    } else if (ctx.request().method().name().equals("GET") || ctx.request().method().name().equals("HEAD")) {
      String next = ctx.request().uri();
      redirect(ctx, 302, options.getLoginUrl() + "?next=" + URLEncoder.encode(safeNext(next), StandardCharsets.UTF_8));
    } else {
      ctx.fail(403, Failures.of(403, "log in first"));
    }
  }

  private void login(RoutingContext ctx) {
    String username = ctx.request().getFormAttribute("username");
    String password = ctx.request().getFormAttribute("password");
    String next = safeNext(ctx.request().getFormAttribute("next"));
    if (username == null || password == null) {
      ctx.fail(400, Failures.badRequest("username and password are required"));
      return;
    }
    authenticate(ctx, username, password).onSuccess(reply -> {
      startSession(ctx, reply);
      redirect(ctx, 303, next);
    }).onFailure(e -> {
      if (Failures.httpStatus(e) == Failures.UNAUTHENTICATED) {
        redirect(ctx, 303, options.getLoginUrl() + "?error=invalid&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      } else {
        ctx.fail(Failures.httpStatus(e), e);
      }
    });
  }

  private void token(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null || body.getString("username") == null || body.getString("password") == null) {
      ctx.fail(400, Failures.badRequest("a JSON body with username and password is required"));
      return;
    }
    authenticate(ctx, body.getString("username"), body.getString("password"))
        .onSuccess(reply -> ctx.json(new JsonObject().put("token", reply.getString("token"))))
        .onFailure(e -> ctx.fail(Failures.httpStatus(e), e));
  }

  /**
   * The session's token for its page's scripts, renewed once half its life has gone (or all of it: a session lasts
   * longer than a token). A page asks each time it connects to the bridge, which closes a socket when its token
   * expires, so an open page stays connected for as long as its session lasts.
   */
  private void sessionToken(RoutingContext ctx) {
    Session session = ctx.session();
    String token = session == null ? null : session.get(Sessions.TOKEN);
    if (token == null) {
      ctx.fail(401, Failures.of(401, "log in first"));
      return;
    }
    long now = System.currentTimeMillis() / 1000;
    if (!SessionTokens.halfSpent(token, now)) {
      sendToken(ctx, token);
      return;
    }
    request(Addresses.AUTH_REFRESH, new JsonObject().put("token", token).put("session", true)).onSuccess(reply -> {
      session.put(Sessions.TOKEN, reply.getString("token"));
      sendToken(ctx, reply.getString("token"));
    }).onFailure(e -> {
      // another request of this session renewed it first (a token refreshes once): the old one serves until it expires
      if (Failures.httpStatus(e) == Failures.UNAUTHENTICATED && !SessionTokens.expired(token, now)) {
        sendToken(ctx, token);
      } else {
        ctx.fail(Failures.httpStatus(e), e);
      }
    });
  }

  private static void sendToken(RoutingContext ctx, String token) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.json(new JsonObject().put("token", token));
  }

  /** {@code Authorization: Bearer <token>} handed to {@code address} as {@code {token}}. */
  private void withBearer(RoutingContext ctx, String address, Handler<JsonObject> then) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(401, Failures.of(401, "an Authorization: Bearer token is required"));
      return;
    }
    request(address, new JsonObject().put("token", authorization.substring(7).trim()))
        .onSuccess(then::handle).onFailure(e -> ctx.fail(Failures.httpStatus(e), e));
  }

  private void oidcStart(RoutingContext ctx) {
    String next = safeNext(ctx.request().getParam("next"));
    request(Addresses.AUTH_OIDC_START, new JsonObject().put("next", next)).onSuccess(reply -> {
      // binds the flow to this browser: a callback with a state this browser was not given is refused (login CSRF)
      SignedCookies.of(ctx).set(ctx, OIDC_STATE_COOKIE, reply.getString("state"));
      redirect(ctx, 302, reply.getString("url"));
    }).onFailure(e -> ctx.fail(Failures.httpStatus(e), e));
  }

  private void oidcCallback(RoutingContext ctx) {
    String state = ctx.request().getParam("state");
    String code = ctx.request().getParam("code");
    String expected = SignedCookies.of(ctx).get(ctx, OIDC_STATE_COOKIE);
    SignedCookies.of(ctx).clear(ctx, OIDC_STATE_COOKIE);
    if (ctx.request().getParam("error") != null) {
      redirect(ctx, 303, options.getLoginUrl() + "?error=provider");
      return;
    }
    if (state == null || code == null || expected == null
        || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      ctx.fail(403, Failures.of(403, "this login was not started in this browser; log in again"));
      return;
    }
    request(Addresses.AUTH_OIDC_CALLBACK, new JsonObject().put("code", code).put("state", state))
        .onSuccess(reply -> {
          startSession(ctx, reply);
          redirect(ctx, 303, safeNext(reply.getString("next")));
        })
        .onFailure(e -> ctx.fail(Failures.httpStatus(e), e));
  }

  private static void startSession(RoutingContext ctx, JsonObject reply) {
    Session session = ctx.session();
    if (session != null) {
      // a new id on login: a session id planted before login is worth nothing after it
      session.regenerateId();
      session.put(Sessions.USER, reply.getJsonObject("user"));
      session.put(Sessions.TOKEN, reply.getString("token"));
    }
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    long timeout = options.getRequestTimeout();
    // a repeated login or logout or OIDC start has the same effect as one; a refresh or a callback (single-use code)
    // does not, so those fail with node_lost instead of being sent again when the auth node dies
    Future<Message<JsonObject>> reply = SAFE_TO_REPEAT.contains(address)
        ? Requests.retryable(vertx, address, body, timeout) : Requests.request(vertx, address, body, timeout);
    return reply.map(Message::body);
  }

  private void logout(RoutingContext ctx) {
    Session session = ctx.session();
    String token = session == null ? null : session.get(Sessions.TOKEN);
    if (session != null) {
      if (session.get(Sessions.USER) != null) {
        // bridge sockets that this session's cookie opened end too, on every node
        vertx.eventBus().publish(Addresses.SESSIONS_ENDED, new JsonObject().put("session", Sessions.ref(session.id())));
      }
      session.destroy();
    }
    if (token != null) {
      // the session is gone either way; the revocation also stops the token wherever it was copied (the bridge)
      request(Addresses.AUTH_LOGOUT, new JsonObject().put("token", token));
    }
    redirect(ctx, 303, "/");
  }

  private Future<JsonObject> authenticate(RoutingContext ctx, String username, String password) {
    return request(Addresses.AUTH_LOGIN, new JsonObject().put("username", username).put("password", password)
        .put("ip", ClientAddress.of(ctx)));
  }

  private static void redirect(RoutingContext ctx, int status, String location) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.LOCATION, location).end();
  }

  /**
   * {@code next} only to a path of this site: {@code /rooms/lobby?x=1} passes; {@code //evil.example},
   * {@code https://evil.example}, {@code /\evil.example} and anything with control characters become {@code /}.
   */
  static String safeNext(String next) {
    if (next == null || next.isEmpty() || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
      return "/";
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return "/";
      }
    }
    try {
      URI uri = new URI(next);
      return uri.getScheme() == null && uri.getRawAuthority() == null ? next : "/";
    } catch (java.net.URISyntaxException e) {
      return "/";
    }
  }
}
