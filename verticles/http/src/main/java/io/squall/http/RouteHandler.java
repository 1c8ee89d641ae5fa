package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A route written in Java: Tornado's {@code RequestHandler}. Name the class in a route of kind {@code handler};
 * the verticle creates one instance per verticle instance (so per event loop) and calls {@link #init} first.
 *
 * <pre>
 * public class Hello implements RouteHandler {
 *   public void handle(RoutingContext ctx) {
 *     ctx.json(new JsonObject().put("hello", ctx.pathParam("name")));
 *   }
 * }
 * # descriptor:  - {path: /hello/:name, kind: handler, handler: com.acme.Hello}
 * </pre>
 */
public interface RouteHandler extends Handler<RoutingContext> {

  /** Called once before the first request, on the verticle's event loop, with the route's {@code config}. */
  default void init(Vertx vertx, JsonObject config) {
  }
}
