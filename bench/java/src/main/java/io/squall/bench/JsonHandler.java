package io.squall.bench;

import io.squall.http.RouteHandler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Squall's /json route: {"message":"Hello, World!"} as application/json, encoded per request. */
public class JsonHandler implements RouteHandler {

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Hello.CONTENT_TYPE).end(Hello.message().toBuffer());
  }
}
