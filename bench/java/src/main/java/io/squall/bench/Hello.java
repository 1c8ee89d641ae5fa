package io.squall.bench;

import io.netty.util.AsciiString;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The one response every contender serves: this body, encoded per request as TechEmpower's JSON test asks, and the
 * security headers a Squall response carries by default. Same bytes from every server, so wrk (whose parsing cost
 * grows with the response) does the same work for each and the difference is the server's.
 */
final class Hello {

  static final String CONTENT_TYPE = "application/json";

  /** Squall's default policy headers (verticles/http README), names and values as AsciiStrings, as Squall adds them. */
  private static final AsciiString[] SECURITY_HEADERS = {
      AsciiString.cached("Content-Security-Policy"),
      AsciiString.cached("default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"),
      AsciiString.cached("X-Content-Type-Options"), AsciiString.cached("nosniff"),
      AsciiString.cached("Referrer-Policy"), AsciiString.cached("strict-origin-when-cross-origin"),
      AsciiString.cached("X-Frame-Options"), AsciiString.cached("DENY")};

  private Hello() {
  }

  static JsonObject message() {
    return new JsonObject().put("message", "Hello, World!");
  }

  /** Adds the headers a Squall response carries by default (Squall's own routes get them from the http verticle). */
  static HttpServerResponse securityHeaders(HttpServerResponse response) {
    for (int i = 0; i < SECURITY_HEADERS.length; i += 2) {
      response.headers().add(SECURITY_HEADERS[i], SECURITY_HEADERS[i + 1]);
    }
    return response;
  }
}
