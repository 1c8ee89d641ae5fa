package io.squall.http;

import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.ServerCookie;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Headers every response carries unless a handler sets its own: CSP, nosniff, referrer policy, frame options,
 * and HSTS when the client uses TLS (to this server, or to a trusted proxy that says so in X-Forwarded-Proto). The
 * same decision makes every cookie the response sets {@code Secure}: the session's, {@code _xsrf}, signed cookies and
 * a handler's own. Also keeps gzip to text types (images and archives are compressed already) and to bodies of at
 * least compressionMinSize bytes.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

  private static final Set<String> COMPRESSIBLE = Set.of("application/json", "application/javascript",
      "application/xml", "image/svg+xml", "application/manifest+json");

  private static final AsciiString HSTS = AsciiString.cached("Strict-Transport-Security");
  private static final AsciiString HSTS_VALUE = AsciiString.cached("max-age=31536000; includeSubDomains");

  private final HttpOptions options;
  // Every response carries these, so they are made once as AsciiStrings: their hash is kept and they are copied
  // into the response head as bytes, where a String is hashed, and encoded char by char, per request.
  private final AsciiString[] names;
  private final AsciiString[] values;

  SecurityHeaders(HttpOptions options) {
    this.options = options;
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put("Content-Security-Policy", options.getContentSecurityPolicy());
    fixed.put("X-Content-Type-Options", "nosniff");
    fixed.put("Referrer-Policy", options.getReferrerPolicy());
    fixed.put("X-Frame-Options", options.getFrameOptions());
    fixed.values().removeIf(v -> v == null || v.isEmpty());
    names = fixed.keySet().stream().map(AsciiString::cached).toArray(AsciiString[]::new);
    values = fixed.entrySet().stream().map(e -> AsciiString.cached(e.getValue())).toArray(AsciiString[]::new);
  }

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx);
    ctx.next();
  }

  /** The work of {@link #handle} without moving on: the router's front handler runs several in one step. */
  void apply(RoutingContext ctx) {
    // Set up front (a handler that wants its own value simply sets it again); only the compression decision has
    // to wait for the content type, and only when compression is on.
    HttpServerResponse res = ctx.response();
    MultiMap headers = res.headers();
    for (int i = 0; i < names.length; i++) {
      headers.add(names[i], values[i]); // add, not set: nothing has set a header yet
    }
    // https as the client used it: behind a trusted TLS-terminating proxy too (X-Forwarded-Proto)
    if (ClientAddress.https(ctx)) {
      headers.add(HSTS, HSTS_VALUE);
      // Registered first, so it runs last (Vert.x Web runs these in reverse order): after the session handler's,
      // which adds the session cookie only when the head is written.
      ctx.addHeadersEndHandler(v -> secureCookies(ctx));
    }
    // Without Accept-Encoding the compressor leaves every body alone, so there is nothing to decide.
    if (options.isCompression() && ctx.request().headers().contains(HttpHeaders.ACCEPT_ENCODING)) {
      // "identity" tells Vert.x's compressor to leave the body alone, and it drops the header. With compression off
      // there is no compressor to drop it, so it would reach the client: set it only when compression is on. A
      // handler's own Content-Encoding (a body it compressed itself) is left as it is.
      ctx.addHeadersEndHandler(v -> {
        if (!res.headers().contains(HttpHeaders.CONTENT_ENCODING)
            && (!compressible(res.headers().get(HttpHeaders.CONTENT_TYPE)) || small(res))) {
          res.headers().set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        }
      });
    }
  }

  /**
   * Marks Secure every cookie this response sets. The request's cookie set is also the response's; only the cookies
   * a handler set or changed are sent, and setting a flag on one the browser sent would send it back, so those stay.
   */
  private static void secureCookies(RoutingContext ctx) {
    for (Cookie cookie : ctx.request().cookies()) {
      if (cookie instanceof ServerCookie set && set.isChanged() && !set.isSecure()) {
        set.setSecure(true);
      }
    }
  }

  /**
   * Vert.x 5.0.7 applies compressionMinSize on HTTP/1.x only; on HTTP/2 it gzips a 100-byte body too. There, a body
   * ended in one go already has its Content-Length when the headers end, so the minimum is applied here (on HTTP/1.x
   * Content-Length is usually set later and Vert.x's own check applies).
   */
  private boolean small(HttpServerResponse res) {
    String length = res.headers().get(HttpHeaders.CONTENT_LENGTH);
    try {
      return length != null && Long.parseLong(length.trim()) < options.getCompressionMinSize();
    } catch (NumberFormatException e) {
      return false;
    }
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
}
