package io.squall.http;

import io.vertx.core.Vertx;

/** Loads the {@link RouteHandler} a {@code handler} route names. */
final class HandlerRoute {

  private HandlerRoute() {
  }

  static RouteHandler create(Vertx vertx, RouteOptions r) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type = Class.forName(r.getHandler(), true, loader != null ? loader : HandlerRoute.class.getClassLoader());
      if (!RouteHandler.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException("route handler " + r.getHandler() + " does not implement "
            + RouteHandler.class.getName());
      }
      RouteHandler handler = (RouteHandler) type.getConstructor().newInstance();
      handler.init(vertx, r.getConfig());
      return handler;
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot create route handler " + r.getHandler() + ": " + e, e);
    }
  }
}
