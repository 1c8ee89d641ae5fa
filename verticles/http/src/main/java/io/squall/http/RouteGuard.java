package io.squall.http;

import io.vertx.ext.web.RoutingContext;

/**
 * A check a route's request passes before its handler (identity, login required, XSRF): it runs {@code next} to go
 * on, or ends or fails the request itself. Guards run inside the route's one router step ({@link Guarded}).
 */
@FunctionalInterface
interface RouteGuard {

  void check(RoutingContext ctx, Runnable next);
}
