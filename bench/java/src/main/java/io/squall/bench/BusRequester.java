package io.squall.bench;

import io.squall.platform.BoundPorts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * The near end of bench/run cluster's request/reply latency, deployed in a Squall node. It serves one HTTP route on
 * {@code host}:{@code port} (config; default 127.0.0.1:18210), the run's only control:
 *
 * <pre>GET /run?address=bench.echo&amp;seconds=10&amp;warmup=3&amp;payload=64</pre>
 *
 * sends requests to {@code address} one at a time on this verticle's event loop (the next only once the reply to the
 * last is in), each a JSON body {@code {"seq":n,"pad":"x.."}} of {@code payload} bytes, for {@code warmup} unmeasured
 * seconds and then {@code seconds} measured ones, and answers with the round trips' latency (System.nanoTime around
 * each request, HdrHistogram): {@code {count, per_s, p50_us, p90_us, p99_us, p999_us, max_us, mean_us, failures,
 * first_failure}}. Every run's measured round trips also add up per address: {@code GET /total?address=A} answers
 * the same fields over all of them (many short runs, interleaved with other paths, make one figure), {@code GET
 * /reset} starts the totals again. TcpPingPong serves the same routes for a raw TCP baseline.
 */
public class BusRequester extends VerticleBase {

  public static final int DEFAULT_PORT = 18210;
  private static final long TIMEOUT_MS = 5000;
  private final Totals totals = new Totals();

  @Override
  public Future<?> start() {
    int port = config().getInteger("port", DEFAULT_PORT);
    String host = config().getString("host", "127.0.0.1");
    // reported like every server of a node: port 0 works, and a busy port names itself
    return vertx.createHttpServer().requestHandler(this::handle)
        .listen(BoundPorts.listenPort(context, "port", port), host)
        .recover(e -> Future.failedFuture(BoundPorts.cannotListen("port", host, port, e)))
        .map(s -> BoundPorts.record(context, "port", s.actualPort()));
  }

  private void handle(HttpServerRequest req) {
    String address = req.getParam("address", EchoConsumer.DEFAULT_ADDRESS);
    if (totals.handle(req, address)) {
      return;
    }
    if (!req.path().equals("/run")) {
      req.response().setStatusCode(404).end();
      return;
    }
    double seconds = Double.parseDouble(req.getParam("seconds", "10"));
    double warmup = Double.parseDouble(req.getParam("warmup", "3"));
    int payload = Integer.parseInt(req.getParam("payload", "64"));
    new Run(vertx.eventBus(), address, payload, warmup, seconds).start()
        .map(run -> {
          totals.add(address, run.latency, run.seconds / 1e9, run.failures);
          return run.summary();
        })
        .onComplete(ar -> req.response().putHeader("content-type", "application/json")
            .setStatusCode(ar.succeeded() ? 200 : 500)
            .end(ar.succeeded() ? ar.result().encode() : new JsonObject().put("error", String.valueOf(ar.cause()))
                .encode()));
  }

  /** One measurement: a chain of requests, each sent from the previous one's reply handler. */
  private static final class Run {
    private final EventBus bus;
    private final String address;
    private final String pad;
    private final DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);
    private final Histogram latency = new Histogram(60_000_000_000L, 3);
    private final Promise<Run> done = Promise.promise();
    private final long warmupEnd;
    private final long end;
    private final long seconds;
    private long seq;
    private long failures;
    private String firstFailure;

    Run(EventBus bus, String address, int payload, double warmup, double seconds) {
      this.bus = bus;
      this.address = address;
      // {"seq":N,"pad":""} is 24 bytes with a 6-digit seq: the pad brings the encoded body to about `payload`
      this.pad = "x".repeat(Math.max(0, payload - 24));
      long now = System.nanoTime();
      this.warmupEnd = now + (long) (warmup * 1e9);
      this.end = warmupEnd + (long) (seconds * 1e9);
      this.seconds = (long) (seconds * 1e9);
    }

    Future<Run> start() {
      next();
      return done.future();
    }

    private void next() {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        done.complete(this);
        return;
      }
      bus.request(address, new JsonObject().put("seq", seq++).put("pad", pad), delivery).onComplete(ar -> {
        long t1 = System.nanoTime();
        if (ar.failed()) {
          failures++;
          if (firstFailure == null) {
            firstFailure = String.valueOf(ar.cause());
          }
        } else if (t0 >= warmupEnd) {
          latency.recordValue(Math.min(latency.getHighestTrackableValue(), t1 - t0));
        }
        next();
      });
    }

    JsonObject summary() {
      return BusRequester.summary(latency, seconds / 1e9).put("failures", failures).put("first_failure", firstFailure);
    }
  }

  /** Measured round trips added up per path (an address, or "tcp"), for /total and /reset. */
  static final class Totals {
    private final java.util.Map<String, Histogram> latency = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, double[]> secondsAndFailures = new java.util.concurrent.ConcurrentHashMap<>();

    synchronized void add(String path, Histogram h, double seconds, long failures) {
      latency.computeIfAbsent(path, p -> new Histogram(60_000_000_000L, 3)).add(h);
      double[] sf = secondsAndFailures.computeIfAbsent(path, p -> new double[2]);
      sf[0] += seconds;
      sf[1] += failures;
    }

    synchronized JsonObject total(String path) {
      Histogram h = latency.getOrDefault(path, new Histogram(60_000_000_000L, 3));
      double[] sf = secondsAndFailures.getOrDefault(path, new double[2]);
      return summary(h, Math.max(sf[0], 1e-9)).put("seconds", sf[0]).put("failures", (long) sf[1]);
    }

    synchronized void reset() {
      latency.clear();
      secondsAndFailures.clear();
    }

    /** Serves /total and /reset; false for any other path. */
    boolean handle(HttpServerRequest req, String path) {
      if (req.path().equals("/total")) {
        req.response().putHeader("content-type", "application/json").end(total(path).encode());
        return true;
      }
      if (req.path().equals("/reset")) {
        reset();
        req.response().end();
        return true;
      }
      return false;
    }
  }

  /** The fields BusRequester and TcpPingPong report, from a histogram of nanoseconds. */
  static JsonObject summary(Histogram ns, double seconds) {
    return new JsonObject().put("count", ns.getTotalCount())
        .put("per_s", Math.round(ns.getTotalCount() / seconds))
        .put("p50_us", us(ns.getValueAtPercentile(50))).put("p90_us", us(ns.getValueAtPercentile(90)))
        .put("p99_us", us(ns.getValueAtPercentile(99))).put("p999_us", us(ns.getValueAtPercentile(99.9)))
        .put("max_us", us(ns.getMaxValue())).put("mean_us", Math.round(ns.getMean() / 10.0) / 100.0);
  }

  private static double us(long ns) {
    return Math.round(ns / 10.0) / 100.0;
  }
}
