package io.squall.http;

import io.vertx.ext.web.RoutingContext;

/** Test route: answers {@code <client address> <scheme>} as {@link ClientAddress} established them. */
public class ClientRoute implements RouteHandler {

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain")
        .end(ClientAddress.of(ctx) + " " + (ClientAddress.https(ctx) ? "https" : "http"));
  }
}
