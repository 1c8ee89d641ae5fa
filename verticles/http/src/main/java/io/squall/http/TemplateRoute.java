package io.squall.http;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

/**
 * Renders a page through {@code squall.templates.render}, which may run on this node or another. The context
 * carries what Tornado's {@code RequestHandler.render} gives a template: path arguments, query, the current user,
 * the XSRF form field, the locale, and the data behind {@code url()} and {@code static_url()}.
 */
final class TemplateRoute implements Handler<RoutingContext> {

  private final Vertx vertx;
  private final String template;
  private final long timeout;
  private final Locales locales;
  private final JsonObject routes;
  private final StaticLinks staticLinks;
  /** Asked for the page's data ({@code {path, query}} with the user's headers) before rendering; null for none. */
  private final String dataAddress;

  /**
   * Each context gets {@code _links: {"routes": {name: path}, "static": {file: versioned url}}} for {@code url()}
   * and {@code static_url()}.
   */
  TemplateRoute(Vertx vertx, String template, String dataAddress, long timeout, Locales locales, JsonObject routes,
      StaticLinks staticLinks) {
    this.vertx = vertx;
    this.template = template;
    this.dataAddress = dataAddress;
    this.timeout = timeout;
    this.locales = locales;
    this.routes = routes;
    this.staticLinks = staticLinks;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (dataAddress == null) {
      staticLinks.links().onComplete(ar -> render(ctx, ar.succeeded() ? ar.result() : new JsonObject(), new JsonObject()));
      return;
    }
    // Tornado's handler that loads its data, then renders: the data service's failure is the page's status
    JsonObject ask = new JsonObject().put("path", new JsonObject(new java.util.HashMap<>(ctx.pathParams())))
        .put("query", query(ctx));
    Requests.<Object>retryable(vertx, dataAddress, ask, BusRoute.delivery(ctx, timeout)).onComplete(data -> {
      if (data.failed()) {
        ctx.fail(Failures.httpStatus(data.cause()), data.cause());
      } else if (!(data.result().body() instanceof JsonObject fields)) {
        ctx.fail(502, Failures.of(502, "the page's data service answered without a JSON object"));
      } else {
        staticLinks.links().onComplete(ar -> render(ctx, ar.succeeded() ? ar.result() : new JsonObject(), fields));
      }
    });
  }

  /** The page's own data first; the built-in keys (path, current_user, xsrf...) are set last and win. */
  private void render(RoutingContext ctx, JsonObject staticUrls, JsonObject data) {
    String locale = locales.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    JsonObject context = data.copy()
        .put("path", new JsonObject(new java.util.HashMap<>(ctx.pathParams())))
        .put("query", query(ctx))
        .put("current_user", currentUser(ctx.user()))
        .put("xsrf_form_html", Xsrf.formHtml(ctx))
        .put("xsrf_token", Xsrf.token(ctx))
        .put("request", new JsonObject().put("path", ctx.normalizedPath()).put("method", ctx.request().method().name()))
        .put("locale", locale)
        .put("_links", new JsonObject().put("routes", routes).put("static", staticUrls));
    JsonObject request = new JsonObject().put("template", template).put("context", context).put("locale", locale);
    Requests.<JsonObject>retryable(vertx, Addresses.TEMPLATES_RENDER, request, timeout).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(Failures.httpStatus(ar.cause()), ar.cause());
        return;
      }
      String html = ar.result().body() == null ? null : ar.result().body().getString("html");
      if (html == null) {
        ctx.fail(502, Failures.of(502, "the template service answered without html"));
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
          .putHeader(HttpHeaders.CONTENT_LANGUAGE, locale)
          .end(html);
    });
  }

  private static JsonObject query(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    ctx.queryParams().names().forEach(n -> query.put(n, ctx.queryParams().get(n)));
    return query;
  }

  /** The user's public face: id, name and roles; never the token or other claims. */
  static JsonObject currentUser(User user) {
    if (user == null) {
      return null;
    }
    JsonObject p = user.principal();
    return new JsonObject().put("id", user.subject()).put("name", p.getString("name", user.subject()))
        .put("roles", p.getValue("roles"));
  }
}
