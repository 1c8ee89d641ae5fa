package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Headers every response carries unless a handler sets its own: CSP, nosniff, referrer policy, frame options,
 * and HSTS on TLS. Also keeps gzip to text types: images and archives are compressed already.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

  private static final Set<String> COMPRESSIBLE = Set.of("application/json", "application/javascript",
      "application/xml", "image/svg+xml", "application/manifest+json");

  private final HttpOptions options;

  SecurityHeaders(HttpOptions options) {
    this.options = options;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // Set up front (a handler that wants its own value simply sets it again); only the compression decision has
    // to wait for the content type, and only when compression is on.
    HttpServerResponse res = ctx.response();
    put(res, "Content-Security-Policy", options.getContentSecurityPolicy());
    res.putHeader("X-Content-Type-Options", "nosniff");
    put(res, "Referrer-Policy", options.getReferrerPolicy());
    put(res, "X-Frame-Options", options.getFrameOptions());
    if (ctx.request().isSSL()) {
      res.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    if (options.isCompression()) {
      ctx.addHeadersEndHandler(v -> {
        if (!compressible(res.headers().get(HttpHeaders.CONTENT_TYPE))) {
          res.headers().set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        }
      });
    }
    ctx.next();
  }

  static boolean compressible(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    int semi = type.indexOf(';');
    type = (semi < 0 ? type : type.substring(0, semi)).trim();
    return type.startsWith("text/") || COMPRESSIBLE.contains(type);
  }

  private static void put(HttpServerResponse res, String name, String value) {
    if (value != null && !value.isEmpty()) {
      res.putHeader(name, value);
    }
  }
}
