package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * A route's guards and its handler in one router step. As separate steps each would cost a scan of the router's
 * routes ({@code ctx.next()}), and that was a measurable share of a small request's CPU.
 */
final class Guarded implements Handler<RoutingContext> {

  private final RouteGuard[] guards;
  private final Handler<RoutingContext> handler;

  Guarded(List<RouteGuard> guards, Handler<RoutingContext> handler) {
    this.guards = guards.toArray(RouteGuard[]::new);
    this.handler = handler;
  }

  @Override
  public void handle(RoutingContext ctx) {
    run(ctx, 0);
  }

  private void run(RoutingContext ctx, int step) {
    try {
      if (step == guards.length) {
        handler.handle(ctx);
      } else {
        guards[step].check(ctx, () -> run(ctx, step + 1));
      }
    } catch (RuntimeException e) {
      // as the router does for a handler that throws; and a guard that went on asynchronously (a bearer token
      // verified over the bus) is outside the router's own catch
      if (!ctx.failed()) {
        ctx.fail(e);
      }
    }
  }
}
