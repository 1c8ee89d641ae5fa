package io.squall.http;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Test route: a careless handler that copies query parameters into the response, the way Tornado's advisories
 * were exploited: {@code cookiePath}, {@code cookieDomain} and {@code cookieValue} into a {@code pref} cookie
 * (CVE-2026-35536), {@code reason} into the status line's reason phrase (CVE-2025-67724). It answers with the number
 * of request cookies it was given, so that a test knows the Cookie header was parsed.
 */
public class ReflectRoute implements RouteHandler {

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.queryParams().get("cookiePath");
    String domain = ctx.queryParams().get("cookieDomain");
    String value = ctx.queryParams().get("cookieValue");
    if (path != null || domain != null || value != null) {
      Cookie cookie = Cookie.cookie("pref", value != null ? value : "1");
      if (path != null) {
        cookie.setPath(path);
      }
      if (domain != null) {
        cookie.setDomain(domain);
      }
      ctx.response().addCookie(cookie);
    }
    String reason = ctx.queryParams().get("reason");
    if (reason != null) {
      ctx.response().setStatusMessage(reason);
    }
    ctx.response().putHeader("content-type", "text/plain").end("cookies " + ctx.request().cookieCount());
  }
}
