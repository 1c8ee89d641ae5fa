package io.squall.http;

import io.squall.platform.NodeMetrics;
import io.squall.platform.Sessions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.SessionStore;
import java.util.List;
import java.util.function.Consumer;

/** Turns {@link HttpOptions} into a Vert.x Web router: cross-cutting handlers first, then one route per entry. */
final class HttpRouter {

  private static final java.util.Set<HttpMethod> BODILESS = java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD,
      HttpMethod.OPTIONS);
  private static final int[] ERROR_STATUSES = {400, 401, 403, 404, 405, 413, 414, 415, 429, 500, 502, 503, 504};

  private final Vertx vertx;
  private final HttpOptions options;
  private final Locales locales;
  private final JsonObject routeLinks;
  private final StaticLinks staticLinks;
  private final LoginRoutes login;
  private final Identity identity;
  private SessionHandler sessions;
  private final SignedCookies cookies;
  private final Xsrf xsrf;
  private final HttpMetrics metrics;
  /** One per router (per verticle instance): an HTTP/2 connection may carry streams of several SSE routes. */
  private final ConnectionShutdown shutdown = new ConnectionShutdown();

  HttpRouter(Vertx vertx, HttpOptions options, SignedCookies cookies) {
    this.vertx = vertx;
    this.options = options;
    this.locales = new Locales(options.getLocales(), options.getDefaultLocale());
    this.routeLinks = namedRoutes(options);
    this.staticLinks = new StaticLinks(vertx, options.isDev());
    this.login = new LoginRoutes(vertx, options);
    this.identity = new Identity(vertx, options.getRequestTimeout(), options.isSessions() ? options.getSessionCookie() : null);
    this.cookies = cookies;
    this.xsrf = options.isXsrf() ? Xsrf.create() : null;
    this.metrics = HttpMetrics.create(NodeMetrics.registry(vertx));
  }

  /**
   * Completes when what the routes prepare at start is ready: the static_url data of template pages
   * ({@link StaticLinks}), walked only when there are template routes. Call after {@link #build}.
   */
  Future<Void> ready() {
    boolean templates = options.getRoutes().stream().anyMatch(r -> r.getKind() == RouteOptions.Kind.TEMPLATE);
    return templates ? staticLinks.start() : Future.succeededFuture();
  }

  /** Route name to path pattern, for {@code url(name, params)} in templates. */
  private static JsonObject namedRoutes(HttpOptions options) {
    JsonObject routes = new JsonObject();
    options.getRoutes().stream().filter(r -> r.getName() != null && r.getPath() != null)
        .forEach(r -> routes.put(r.getName(), r.getPath()));
    return routes;
  }

  /** @throws IllegalArgumentException when a handler route's class is not a usable RouteHandler */
  Router build(Consumer<Router> customize) {
    Router router = Router.router(vertx);
    if (options.isSessions()) {
      // cluster-wide when clustered, so any node reads a session another created
      SessionStore store = Sessions.store(vertx);
      sessions = SessionHandler.create(store)
          .setLazySession(true)
          .setSessionCookieName(options.getSessionCookie())
          .setSessionTimeout(options.getSessionTimeout() * 60_000L)
          .setCookieHttpOnlyFlag(true)
          // Secure when the client uses https, as every cookie: SecurityHeaders
          .setCookieSameSite(CookieSameSite.LAX);
    }
    router.route().handler(front());
    if (options.isLoginRoutes()) {
      login.mount(router, sessions, xsrf);
    }
    customize.accept(router);
    List<RouteOptions> routes = options.getRoutes();
    for (int i = 0; i < routes.size(); i++) {
      add(router, routes.get(i), i); // each checked with the config (RouteOptions.KEYS)
    }
    ErrorPages errors = new ErrorPages(options.isDev());
    router.route().failureHandler(errors);
    for (int status : ERROR_STATUSES) {
      router.errorHandler(status, errors.forStatus(status));
    }
    return router;
  }

  /**
   * What every request goes through, in one router step (each step of Vert.x Web's router costs a route scan):
   * request metrics ({@link HttpMetrics}), client address (first: HSTS needs the scheme a trusted proxy reports), security headers, access log, signed
   * cookies, and the session of a request that brings a session cookie. A request without one gets no session
   * object (making one costs a random id); routes that start sessions (login, `session: true`) run the session
   * handler themselves.
   */
  private Handler<RoutingContext> front() {
    ClientAddress client = new ClientAddress(options.getTrustedProxies()); // refuses a bad trustedProxies entry
    SecurityHeaders headers = new SecurityHeaders(options);
    AccessLog log = options.isAccessLog() ? new AccessLog() : null;
    SessionHandler session = sessions;
    String cookie = options.getSessionCookie();
    HttpMetrics metrics = this.metrics;
    return ctx -> {
      if (metrics != null) {
        metrics.begin(ctx);
      }
      client.apply(ctx);
      headers.apply(ctx);
      if (log != null) {
        log.apply(ctx);
      }
      ctx.put(SignedCookies.CONTEXT_KEY, cookies);
      if (session != null && ctx.request().getCookie(cookie) != null) {
        session.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }

  private void add(Router router, RouteOptions r, int index) {
    Route route = r.getPath() != null ? router.route(r.getPath()) : router.routeWithRegex(r.getRegex());
    if (r.getName() != null) {
      route.setName(r.getName());
    }
    String label = r.getName() != null ? r.getName() : r.getPath() != null ? r.getPath() : r.getRegex();
    if (metrics != null) {
      metrics.label(route, label);
    }
    methods(r).forEach(m -> route.method(HttpMethod.valueOf(m)));
    if (r.isSession() && sessions != null) {
      route.handler(sessions);
    }
    if (needsBody(r)) {
      long limit = r.getBodyLimit() != null ? r.getBodyLimit() : options.getBodyLimit();
      BodyHandler body = BodyHandler.create(false).setBodyLimit(limit).setDeleteUploadedFilesOnEnd(true);
      // GET, HEAD and OPTIONS carry no body worth buffering; skipping the handler keeps them cheap
      route.handler(ctx -> {
        if (BODILESS.contains(ctx.request().method())) {
          ctx.next();
        } else {
          body.handle(ctx);
        }
      });
    }

    // After the body handler: verifying a bearer token is asynchronous, and a body must not arrive unread meanwhile.
    route.handler(identity);
    if (r.getRateLimit() != null) {
      // after identity: a signed-in user's bucket is their own, wherever they come from
      route.handler(new RateLimiter(vertx, vertx.getOrCreateContext().deploymentID(), index, r.getRateLimit(),
          NodeMetrics.registry(vertx), label));
    }
    if (r.isAuth()) {
      route.handler(login::requireUser);
    }
    if (xsrf != null) {
      // After the body handler: the token may be a form field.
      route.handler(xsrf);
    }
    long timeout = r.getTimeout() != null ? r.getTimeout() : options.getRequestTimeout();
    Handler<RoutingContext> handler = switch (r.getKind()) {
      case BUS -> new BusRoute(vertx, r.getAddress(), timeout, r.getTo());
      case STATIC -> {
        StaticFiles files = StaticFiles.create(vertx, r.getPath(), r.getDir(), options.isDev());
        staticLinks.add(files); // listed for static_url in templates, sharing the route's hash cache
        yield StaticRoute.create(files, options.isDev());
      }
      case REDIRECT -> new RedirectRoute(r.getTo(), r.getStatus());
      case HANDLER -> HandlerRoute.create(vertx, r);
      case TEMPLATE -> new TemplateRoute(vertx, r.getTemplate(), r.getAddress(), timeout, locales, routeLinks, staticLinks);
      case SSE -> new SseRoute(vertx, r, timeout, shutdown);
    };
    route.handler(handler);
  }

  private static List<String> methods(RouteOptions r) {
    if (!r.getMethods().isEmpty()) {
      return r.getMethods();
    }
    return switch (r.getKind()) {
      case BUS -> List.of("POST");
      case HANDLER -> List.of();
      default -> List.of("GET", "HEAD");
    };
  }

  private static boolean needsBody(RouteOptions r) {
    return r.getKind() == RouteOptions.Kind.BUS || r.getKind() == RouteOptions.Kind.HANDLER;
  }
}
