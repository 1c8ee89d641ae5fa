package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Redirects to a configured target; {@code {param}} in it takes a path parameter, URL-encoded. */
final class RedirectRoute implements Handler<RoutingContext> {

  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");
  private final String to;
  private final int status;

  RedirectRoute(String to, int status) {
    this.to = to;
    this.status = status;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Matcher m = PARAM.matcher(to);
    StringBuilder target = new StringBuilder();
    while (m.find()) {
      String value = ctx.pathParam(m.group(1));
      m.appendReplacement(target, Matcher.quoteReplacement(
          value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
    }
    m.appendTail(target);
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.LOCATION, target.toString()).end();
  }
}
