package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.LoggerFormat;
import io.vertx.ext.web.handler.LoggerHandler;
import java.util.List;
import java.util.function.Consumer;

/** Turns {@link HttpOptions} into a Vert.x Web router: cross-cutting handlers first, then one route per entry. */
final class HttpRouter {

  private static final int[] ERROR_STATUSES = {400, 401, 403, 404, 405, 413, 414, 415, 429, 500, 502, 503, 504};

  private final Vertx vertx;
  private final HttpOptions options;
  private final SignedCookies cookies;
  private final Xsrf xsrf;

  HttpRouter(Vertx vertx, HttpOptions options, SignedCookies cookies) {
    this.vertx = vertx;
    this.options = options;
    this.cookies = cookies;
    this.xsrf = options.isXsrf() ? Xsrf.create() : null;
  }

  /** @throws IllegalArgumentException naming the first bad route */
  Router build(Consumer<Router> customize) {
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders(options));
    if (options.isAccessLog()) {
      router.route().handler(LoggerHandler.create(LoggerFormat.DEFAULT));
    }
    router.route().handler(ctx -> ctx.put(SignedCookies.CONTEXT_KEY, cookies).next());
    customize.accept(router);
    List<RouteOptions> routes = options.getRoutes();
    for (int i = 0; i < routes.size(); i++) {
      RouteOptions r = routes.get(i);
      String problem = r.problem();
      if (problem != null) {
        throw new IllegalArgumentException("http routes[" + i + "]" + (r.getName() != null ? " (" + r.getName() + ")" : "")
            + ": " + problem);
      }
      add(router, r);
    }
    ErrorPages errors = new ErrorPages(options.isDev());
    router.route().failureHandler(errors);
    for (int status : ERROR_STATUSES) {
      router.errorHandler(status, errors);
    }
    return router;
  }

  private void add(Router router, RouteOptions r) {
    Route route = r.getPath() != null ? router.route(r.getPath()) : router.routeWithRegex(r.getRegex());
    if (r.getName() != null) {
      route.setName(r.getName());
    }
    methods(r).forEach(m -> route.method(HttpMethod.valueOf(m)));
    if (needsBody(r)) {
      long limit = r.getBodyLimit() != null ? r.getBodyLimit() : options.getBodyLimit();
      route.handler(BodyHandler.create(false).setBodyLimit(limit).setDeleteUploadedFilesOnEnd(true));
    }
    if (xsrf != null) {
      // After the body handler: the token may be a form field.
      route.handler(xsrf);
    }
    long timeout = r.getTimeout() != null ? r.getTimeout() : options.getRequestTimeout();
    Handler<RoutingContext> handler = switch (r.getKind()) {
      case BUS -> new BusRoute(vertx, r.getAddress(), timeout);
      case STATIC -> StaticRoute.create(r, options.isDev());
      case REDIRECT -> new RedirectRoute(r.getTo(), r.getStatus());
      case HANDLER -> HandlerRoute.create(vertx, r);
      case TEMPLATE, SSE -> throw new IllegalArgumentException("route kind " + r.getKind() + " is not available yet");
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
