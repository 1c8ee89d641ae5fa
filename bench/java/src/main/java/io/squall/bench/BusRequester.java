package io.squall.bench;

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
 * first_failure}}. TcpPingPong prints the same fields for a raw TCP baseline.
 */
public class BusRequester extends VerticleBase {

  public static final int DEFAULT_PORT = 18210;
  private static final long TIMEOUT_MS = 5000;

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(this::handle)
        .listen(config().getInteger("port", DEFAULT_PORT), config().getString("host", "127.0.0.1"));
  }

  private void handle(HttpServerRequest req) {
    if (!req.path().equals("/run")) {
      req.response().setStatusCode(404).end();
      return;
    }
    String address = req.getParam("address", EchoConsumer.DEFAULT_ADDRESS);
    double seconds = Double.parseDouble(req.getParam("seconds", "10"));
    double warmup = Double.parseDouble(req.getParam("warmup", "3"));
    int payload = Integer.parseInt(req.getParam("payload", "64"));
    new Run(vertx.eventBus(), address, payload, warmup, seconds).start()
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
    private final Promise<JsonObject> done = Promise.promise();
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

    Future<JsonObject> start() {
      next();
      return done.future();
    }

    private void next() {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        done.complete(result());
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

    private JsonObject result() {
      return summary(latency, seconds / 1e9).put("failures", failures).put("first_failure", firstFailure);
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
