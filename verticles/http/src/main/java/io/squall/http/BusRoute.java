package io.squall.http;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP to event bus: the JSON or form body (query parameters for GET), plus the path parameters, becomes the
 * message; the reply becomes the response. Failure codes are statuses, a timeout is 504, no consumer is 503.
 * A GET, or a request with an {@code Idempotency-Key} header (passed on as the message's {@code idempotency-key}),
 * is sent once more when the node it went to dies; any other gets 503 {@code node_lost} then.
 */
final class BusRoute implements Handler<RoutingContext> {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_KEY_LENGTH = 200;

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
    DeliveryOptions delivery = delivery(ctx, timeout);
    String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
    if (key != null) {
      key = idempotencyKey(key);
      if (key == null) {
        ctx.fail(400, Failures.badRequest("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
            + " visible ASCII characters, optionally in double quotes"));
        return;
      }
      delivery.addHeader(Addresses.HEADER_IDEMPOTENCY_KEY, key);
    }
    // a read may be sent again if its node dies; a change only when its key lets the receiver apply it once
    boolean read = ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD;
    Future<Message<Object>> reply = read ? Requests.retryable(vertx, address, message, delivery)
        : Requests.keyed(vertx, address, message, delivery);
    reply.onComplete(ar -> respond(ctx, ar));
  }

  private void respond(RoutingContext ctx, AsyncResult<Message<Object>> ar) {
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
  }

  /**
   * The key of the HTTP {@code Idempotency-Key} header (IETF httpapi draft: a structured-field string, so quoted;
   * a bare token is taken too), or null when it is not 1 to {@value #MAX_KEY_LENGTH} visible ASCII characters.
   */
  static String idempotencyKey(String header) {
    String key = header.length() >= 2 && header.startsWith("\"") && header.endsWith("\"")
        ? header.substring(1, header.length() - 1) : header;
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return null;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c > '~' || c == '"' || c == '\\') {
        return null;
      }
    }
    return key;
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
