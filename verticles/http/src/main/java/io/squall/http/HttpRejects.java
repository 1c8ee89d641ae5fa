package io.squall.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import java.util.EnumMap;
import java.util.Map;

/**
 * Requests refused below the router, counted as {@value #REJECTED} (Prometheus {@code squall_http_rejected_total})
 * tagged {@code reason}. Everything the router sees is in {@link HttpMetrics} already (413, 403, 404, 429 have a
 * route and a status there); what Netty and {@link RequestHygiene} refuse, and connections closed by a timeout,
 * never reach it and would otherwise leave no trace but a log line.
 */
final class HttpRejects {

  static final String REJECTED = "squall.http.rejected";

  /** Why a request or connection was refused; the tag value is the lower-case name. */
  enum Reason {
    /** Netty could not parse the request (bad header name or value, bad Content-Length, ...): 400. */
    BAD_REQUEST,
    /** Request line over maxInitialLineLength: 414. */
    URI_TOO_LONG,
    /** Header block over maxHeaderSize: 431. */
    HEADER_TOO_LARGE,
    /** Ambiguous or forbidden framing ({@link RequestHygiene}): 400 or closed. */
    FRAMING,
    /** Headers not complete within headerTimeout: closed. */
    HEADER_TIMEOUT,
    /** Body not complete within bodyTimeout: closed. */
    BODY_TIMEOUT,
    /** Connection idle for idleTimeout: closed. */
    IDLE_TIMEOUT;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Counts nothing: outside a Squall node (a plain Vertx) there is no registry. */
  static final HttpRejects NONE = new HttpRejects(null);

  private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

  /** @param registry null outside a Squall node: then nothing is counted */
  static HttpRejects create(MeterRegistry registry) {
    return registry == null ? NONE : new HttpRejects(registry);
  }

  private HttpRejects(MeterRegistry registry) {
    if (registry != null) {
      for (Reason reason : Reason.values()) {
        // registered up front, so every reason shows as 0 before the first reject (alerts need the series)
        counters.put(reason, Counter.builder(REJECTED).tag("reason", reason.tag())
            .description("HTTP requests and connections refused before routing").register(registry));
      }
    }
  }

  void count(Reason reason) {
    Counter counter = counters.get(reason);
    if (counter != null) {
      counter.increment();
    }
  }

  /** For the server's invalid-request handler: counts a request Netty or {@link RequestHygiene} refused. */
  void invalid(HttpServerRequest request) {
    count(reason(request.decoderResult().cause()));
  }

  static Reason reason(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return Reason.URI_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return Reason.HEADER_TOO_LARGE;
    }
    return cause instanceof RequestHygiene.Refused ? Reason.FRAMING : Reason.BAD_REQUEST;
  }
}
