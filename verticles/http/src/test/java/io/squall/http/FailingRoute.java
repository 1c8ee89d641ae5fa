package io.squall.http;

import io.vertx.ext.web.RoutingContext;

/** Test route: throws, with request input and an internal detail in the exception message. */
public class FailingRoute implements RouteHandler {

  static final String DETAIL = "db password rejected at 10.9.8.7";

  @Override
  public void handle(RoutingContext ctx) {
    throw new IllegalStateException(DETAIL + " for <" + ctx.queryParams().get("q") + ">");
  }
}
