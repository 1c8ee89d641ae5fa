package io.squall.http;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Tornado's login/logout handlers and {@code @authenticated}, backed by the auth verticle over the event bus:
 * {@code POST loginUrl} (form), {@code POST logoutUrl}, {@code POST tokenUrl} (JSON, for the bridge and API
 * clients), and the guard that authenticated routes use.
 */
final class LoginRoutes {

  private static final long FORM_LIMIT = 16 * 1024;

  private final Vertx vertx;
  private final HttpOptions options;

  LoginRoutes(Vertx vertx, HttpOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /**
   * @param sessions the session handler (login starts a session), or a pass-through when sessions are off
   * @param xsrf the XSRF check for the form endpoints, or null when it is off
   */
  void mount(Router router, Handler<RoutingContext> sessions, Handler<RoutingContext> xsrf) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(FORM_LIMIT);
    Handler<RoutingContext> check = xsrf != null ? xsrf : RoutingContext::next;
    // Login forms are XSRF-checked too (login CSRF would sign the victim in as the attacker).
    // (Vert.x Web wants platform handlers such as sessions before the body handler.)
    router.post(options.getLoginUrl()).handler(sessions).handler(body).handler(check).handler(this::login);
    router.post(options.getLogoutUrl()).handler(sessions).handler(body).handler(check).handler(this::logout);
    // The token endpoint takes credentials in its body and sets no cookie: nothing ambient to forge.
    router.post(options.getTokenUrl()).handler(body).handler(this::token);
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
      Session session = ctx.session();
      if (session != null) {
        // a new id on login: a session id planted before login is worth nothing after it
        session.regenerateId();
        session.put(Identity.SESSION_USER, reply.getJsonObject("user"));
        session.put(Identity.SESSION_TOKEN, reply.getString("token"));
      }
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

  private void logout(RoutingContext ctx) {
    Session session = ctx.session();
    String token = session == null ? null : session.get(Identity.SESSION_TOKEN);
    if (session != null) {
      session.destroy();
    }
    if (token != null) {
      vertx.eventBus().request(Addresses.AUTH_LOGOUT, new JsonObject().put("token", token),
          new DeliveryOptions().setSendTimeout(options.getRequestTimeout()));
    }
    redirect(ctx, 303, "/");
  }

  private io.vertx.core.Future<JsonObject> authenticate(RoutingContext ctx, String username, String password) {
    JsonObject request = new JsonObject().put("username", username).put("password", password)
        .put("ip", ClientAddress.of(ctx));
    return vertx.eventBus().<JsonObject>request(Addresses.AUTH_LOGIN, request,
            new DeliveryOptions().setSendTimeout(options.getRequestTimeout()))
        .map(reply -> reply.body());
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
