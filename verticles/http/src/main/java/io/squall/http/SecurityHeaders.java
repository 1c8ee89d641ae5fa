package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Headers every response carries unless a handler set its own: CSP, nosniff, referrer policy, frame options,
 * and HSTS when the client uses TLS (to this server, or to a trusted proxy that says so in X-Forwarded-Proto).
 * Also keeps gzip to text types: images and archives are compressed already.
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
    ctx.addHeadersEndHandler(v -> {
      HttpServerResponse res = ctx.response();
      setIfAbsent(res, "Content-Security-Policy", options.getContentSecurityPolicy());
      setIfAbsent(res, "X-Content-Type-Options", "nosniff");
      setIfAbsent(res, "Referrer-Policy", options.getReferrerPolicy());
      setIfAbsent(res, "X-Frame-Options", options.getFrameOptions());
      // https as the client used it: behind a trusted TLS-terminating proxy too (X-Forwarded-Proto)
      if ("https".equals(ClientAddress.scheme(ctx))) {
        setIfAbsent(res, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
      }
      if (!compressible(res.headers().get(HttpHeaders.CONTENT_TYPE))) {
        res.headers().set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
      }
    });
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

  private static void setIfAbsent(HttpServerResponse res, String name, String value) {
    if (value != null && !value.isEmpty() && !res.headers().contains(name)) {
      res.putHeader(name, value);
    }
  }
}
