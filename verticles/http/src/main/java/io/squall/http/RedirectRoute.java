package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Redirects to a configured target; {@code {param}} in it takes a path parameter, URL-encoded. */
final class RedirectRoute implements Handler<RoutingContext> {

  private final String to;
  private final int status;

  RedirectRoute(String to, int status) {
    this.to = to;
    this.status = status;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String target = PathTemplate.expand(to, ctx,
        value -> value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.LOCATION, target).end();
  }
}
