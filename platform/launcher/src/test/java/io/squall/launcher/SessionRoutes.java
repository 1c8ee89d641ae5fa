package io.squall.launcher;

import io.squall.http.RouteHandler;
import io.vertx.ext.web.RoutingContext;

/** Test routes that write and read the session, to show a session crossing nodes. */
public final class SessionRoutes {

  private SessionRoutes() {
  }

  /** {@code GET /session/put?v=X} stores X in the session. */
  public static class Put implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.session().put("v", ctx.request().getParam("v"));
      ctx.response().end("stored");
    }
  }

  /** {@code GET /session/get} answers with what the session holds. */
  public static class Get implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      Object v = ctx.session() == null ? null : ctx.session().get("v");
      ctx.response().end(String.valueOf(v));
    }
  }
}
