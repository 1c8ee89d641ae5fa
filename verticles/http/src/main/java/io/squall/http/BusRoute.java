package io.squall.http;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.platform.LocalFirst;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP to event bus: the JSON or form body (query parameters for GET), plus the path parameters, becomes the
 * message; the reply becomes the response. Failure codes are statuses, a timeout is 504, no consumer is 503.
 */
final class BusRoute implements Handler<RoutingContext> {

  private final Vertx vertx;
  private final String address;
  private final long timeout;
  private final String formRedirect;

  /** @param formRedirect where a form submission goes after success (303, {@code {param}} filled), or null */
  BusRoute(Vertx vertx, String address, long timeout, String formRedirect) {
    this.vertx = vertx;
    this.address = address;
    this.timeout = timeout;
    this.formRedirect = formRedirect;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject message;
    try {
      message = message(ctx);
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(400, Failures.badRequest("the body is not a JSON object"));
      return;
    }
    LocalFirst.request(vertx, address, message, delivery(ctx, timeout)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(Failures.httpStatus(ar.cause()), ar.cause());
        return;
      }
      Object reply = ar.result().body();
      if (formRedirect != null && isForm(ctx)) {
        // a browser form: back to a page (post/redirect/get), not a JSON answer it would show raw
        ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, PathTemplate.expand(formRedirect, ctx,
            v -> java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))).end();
      } else if (reply == null) {
        ctx.response().setStatusCode(204).end();
      } else if (reply instanceof JsonObject || reply instanceof io.vertx.core.json.JsonArray) {
        ctx.json(reply);
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(String.valueOf(reply));
      }
    });
  }

  /** The send timeout, and the user's id and roles in {@code squall-user} / {@code squall-roles} when logged in. */
  static DeliveryOptions delivery(RoutingContext ctx, long timeout) {
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeout);
    User user = ctx.user();
    if (user != null) {
      delivery.addHeader(Addresses.HEADER_USER, user.subject());
      String roles = user.principal().getValue("roles") instanceof io.vertx.core.json.JsonArray a
          ? String.join(",", a.stream().map(String::valueOf).toList()) : "";
      delivery.addHeader(Addresses.HEADER_ROLES, roles);
    }
    return delivery;
  }

  private static boolean isForm(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
  }

  private static JsonObject message(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    boolean json = ctx.body() != null && ctx.body().length() > 0 && type != null && type.contains("json");
    JsonObject message = json ? ctx.body().asJsonObject() : new JsonObject();
    if (!json) {
      ctx.request().formAttributes().forEach(e -> message.put(e.getKey(), e.getValue()));
      if (ctx.request().formAttributes().isEmpty()) {
        ctx.queryParams().forEach(e -> message.put(e.getKey(), e.getValue()));
      }
    }
    // Path parameters come from the URL the router matched: they win over anything the body claims.
    message.getMap().putAll(ctx.pathParams());
    return message;
  }
}
