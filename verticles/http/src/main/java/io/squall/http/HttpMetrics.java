package io.squall.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-request HTTP metrics of the http verticle, in the node's registry (scraped at the management server's
 * {@code /metrics}): {@value #REQUESTS} (a counter) and {@value #DURATION} (a timer, no histogram buckets), tagged
 * {@code route} (the route's name, else its path or regex; {@code unmatched} when no route took the request),
 * {@code method} and {@code status} ({@code 2xx}..{@code 5xx}).
 *
 * <p>Vert.x Micrometer's own HTTP server metrics look their meters up in the registry on every request (building
 * and hashing tags each time), about a quarter of the CPU of a small JSON route; the node disables them. Here each
 * (route, method, status class) resolves its two meters once and keeps them in an array slot, so a request costs a
 * map read, an array read, a counter increment and a timer record.
 */
final class HttpMetrics {

  static final String REQUESTS = "squall.http.server.requests";
  static final String DURATION = "squall.http.server.duration";
  static final String UNMATCHED = "unmatched";

  private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS};
  private static final String[] STATUS = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

  private final MeterRegistry registry;
  private final Map<Route, RouteMeters> routes = new ConcurrentHashMap<>();
  private final RouteMeters unmatched;

  /** @param registry null when the verticle runs outside a Squall node: then nothing is recorded */
  static HttpMetrics create(MeterRegistry registry) {
    return registry == null ? null : new HttpMetrics(registry);
  }

  private HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.unmatched = new RouteMeters(UNMATCHED);
  }

  /** Names a route's meters (descriptor routes: their name, else path or regex); unnamed others get their path. */
  void label(Route route, String label) {
    routes.put(route, new RouteMeters(label));
  }

  /** Called from the first router step: records the request when its response has ended. */
  void begin(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ar -> {
      if (ar.failed() && !ctx.response().ended() && !ctx.response().headWritten() && !ctx.response().closed()) {
        // The request failed under the response (a form the decoder refuses, a bad chunk): Vert.x Web calls the end
        // handlers then, before the error page has set its status. Record when that page's head goes out, or the
        // 400 would be counted as a 2xx.
        ctx.addHeadersEndHandler(v -> record(ctx, System.nanoTime() - start));
        return;
      }
      record(ctx, System.nanoTime() - start);
    });
  }

  private void record(RoutingContext ctx, long nanos) {
    RouteMeters meters = meters(ctx.currentRoute());
    Meters m = meters.get(ctx.request().method(), ctx.response().getStatusCode());
    m.requests.increment();
    m.duration.record(nanos, TimeUnit.NANOSECONDS);
  }

  private RouteMeters meters(Route route) {
    if (route == null) {
      return unmatched;
    }
    RouteMeters meters = routes.get(route);
    if (meters != null) {
      return meters;
    }
    // a route the descriptor did not make (customize, login routes) or the first router step (nothing matched)
    String label = route.getName() != null ? route.getName() : route.getPath();
    return label == null ? unmatched : routes.computeIfAbsent(route, r -> new RouteMeters(label));
  }

  private final class RouteMeters {
    private final String route;
    private final Meters[] slots = new Meters[(METHODS.length + 1) * STATUS.length];

    RouteMeters(String route) {
      this.route = route;
    }

    Meters get(HttpMethod method, int status) {
      int m = METHODS.length;
      for (int i = 0; i < METHODS.length; i++) {
        if (METHODS[i] == method) {
          m = i;
          break;
        }
      }
      int s = status >= 100 && status < 600 ? status / 100 : 0;
      int slot = m * STATUS.length + s;
      Meters meters = slots[slot];
      if (meters == null) {
        // a race creates the same meters twice: the registry hands back the one it already has
        Tags tags = Tags.of("route", route, "method", m < METHODS.length ? method.name() : "other", "status", STATUS[s]);
        meters = new Meters(registry.counter(REQUESTS, tags), Timer.builder(DURATION).tags(tags).register(registry));
        slots[slot] = meters;
      }
      return meters;
    }
  }

  private record Meters(Counter requests, Timer duration) {
  }
}
