package io.squall.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Test route: answers {@code got N bytes} with the length of the body it received, and copies the {@code header}
 * query parameter into an {@code X-Echo} response header (how a careless handler would reflect user input).
 */
public class EchoRoute implements RouteHandler {

  @Override
  public void handle(RoutingContext ctx) {
    String echo = ctx.queryParams().get("header");
    if (echo != null) {
      ctx.response().putHeader("X-Echo", echo);
    }
    int length = ctx.body() == null || ctx.body().buffer() == null ? 0 : ctx.body().length();
    ctx.response().putHeader("content-type", "text/plain").end("got " + length + " bytes");
  }
}
