package io.squall.http;

import io.squall.platform.Failures;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error responses: JSON for clients that ask for JSON, a small HTML page otherwise. Nothing from the request is
 * echoed unescaped; internal messages and stack traces appear only in development mode.
 */
final class ErrorPages implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
  private final boolean dev;

  ErrorPages(boolean dev) {
    this.dev = dev;
  }

  @Override
  public void handle(RoutingContext ctx) {
    handle(ctx, 500);
  }

  /**
   * For {@code router.errorHandler(status, ...)}: Vert.x Web calls error handlers directly, without setting the
   * context's status or failure, when routing itself fails: a path with a bad percent-escape ({@code /%zz}) makes
   * route matching throw, and the router answers 400 through the 400 handler. Without {@code status} that page
   * would say 500.
   */
  Handler<RoutingContext> forStatus(int status) {
    return ctx -> handle(ctx, status);
  }

  private void handle(RoutingContext ctx, int fallback) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : failure != null ? Failures.httpStatus(failure) : fallback;
    if (status >= 500 && failure != null) {
      // The raw path, escaped: normalizedPath() throws on a bad escape, and a log line must stay one line.
      log.error("{} {} failed with {}", ctx.request().method(), AccessLog.escape(ctx.request().path()), status,
          failure);
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    String message = failure != null && status != 500 ? Failures.safeMessage(failure) : reason(status);
    if (failure instanceof io.vertx.ext.web.handler.HttpException he && he.getPayload() != null) {
      message = he.getPayload();
    }
    // The standard reason phrase, always: a handler may have set one from input before failing (CVE-2025-67724)
    ctx.response().setStatusCode(status).setStatusMessage(reason(status));
    long retryAfter = failure == null ? -1 : Failures.retryAfter(failure);
    if (retryAfter >= 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
    }
    if (status == 413 && !ctx.request().isEnded()) {
      // The body is refused unread (Content-Length over the limit, or a chunked body that grew past it). Close:
      // otherwise Vert.x keeps the connection and reads and discards whatever the client still sends, up to the
      // whole claimed length.
      // On HTTP/2 the 413 ends only this stream, and flow control stops the client's body: the connection's
      // other streams go on.
      if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        // addEndHandler, not response().endHandler(): that would replace Vert.x Web's own end handler, and with it
        // the request metrics' (a 413 went uncounted).
        ctx.addEndHandler(v -> ctx.request().connection().close());
      }
    }
    String type;
    String body;
    if (wantsJson(ctx)) {
      JsonObject json = new JsonObject().put("error", status).put("message", message);
      if (dev && failure != null) {
        json.put("trace", trace(failure));
      }
      type = "application/json";
      body = json.encode();
    } else {
      type = "text/html; charset=utf-8";
      body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + status + "</title></head><body><h1>"
          + status + " " + Html.escape(reason(status)) + "</h1><p>" + Html.escape(message) + "</p>"
          + (dev && failure != null ? "<pre>" + Html.escape(trace(failure)) + "</pre>" : "") + "</body></html>";
    }
    try {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(body);
    } catch (RuntimeException e) {
      // The head the failed handler left cannot be written: a cookie it added with ';' or CR/LF in its value (Netty's
      // strict encoder refuses it when the head is written, and the response keeps it). Without this the error page
      // threw the same way and the client waited for ever. Close: nothing of that head may reach the client.
      log.warn("{} {}: the response head cannot be written ({}); closing the connection", ctx.request().method(),
          AccessLog.escape(ctx.request().path()), e.toString());
      // Vert.x counts the response as sent by now, and a graceful close would wait for it: close the channel itself.
      if (ctx.request().connection() instanceof io.vertx.core.net.impl.ConnectionBase base) {
        base.channel().close();
      } else {
        ctx.request().connection().close();
      }
    }
  }

  private static boolean wantsJson(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    return accept != null && accept.contains("json") && !accept.contains("text/html")
        || type != null && type.contains("json");
  }

  static String reason(int status) {
    return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
  }

  private static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
