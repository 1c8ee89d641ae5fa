package io.squall.testing;

import io.squall.platform.BoundPorts;
import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test verticle: an HTTP window onto a node for tests that drive another JVM.
 * <ul>
 *   <li>{@code GET /ask?address=A} sends a request on the event bus from this node and returns the reply JSON
 *       (or the failure's status).</li>
 *   <li>{@code GET /slow?ms=N} answers after N ms: an in-flight request for drain tests.</li>
 *   <li>{@code GET /inflight} says how many {@code /slow} requests are being held.</li>
 *   <li>{@code GET /exhaust-heap} keeps 1 MiB arrays until the heap runs out: an OutOfMemoryError on the event loop,
 *       and a heap that stays full unless the JVM exits.</li>
 * </ul>
 * On undeploy it shuts its server down gracefully: no new connections, in-flight requests finish.
 */
public class ProbeVerticle extends VerticleBase {

  private HttpServer server;
  private int inflight;
  private final List<byte[]> hoard = new ArrayList<>();

  /**
   * Listens on {@code port} (default 0: the node's {@code ports()} says which) after {@code startDelayMs} (default
   * 0): a slow start, for signals that arrive during start-up.
   */
  @Override
  public Future<?> start() {
    server = vertx.createHttpServer().requestHandler(this::handle);
    io.vertx.core.Promise<Void> delayed = io.vertx.core.Promise.promise();
    vertx.setTimer(Math.max(1, config().getLong("startDelayMs", 0L)), t -> delayed.complete());
    int port = config().getInteger("port", 0);
    return delayed.future().compose(v -> server.listen(BoundPorts.listenPort(context, "port", port), "127.0.0.1")
            .recover(e -> Future.failedFuture(BoundPorts.cannotListen("port", "127.0.0.1", port, e))))
        .map(s -> BoundPorts.record(context, "port", s.actualPort()));
  }

  private void handle(HttpServerRequest req) {
    switch (req.path()) {
      // the one request helper of every Squall verticle: a request whose node leaves is answered at once
      case "/ask" -> Requests.<JsonObject>request(vertx, req.getParam("address"), new JsonObject(), 5000)
          .onSuccess(reply -> req.response().putHeader("content-type", "application/json").end(reply.body().encode()))
          .onFailure(e -> req.response().setStatusCode(Failures.httpStatus(e)).end(Failures.safeMessage(e)));
      case "/slow" -> {
        inflight++;
        vertx.setTimer(Long.parseLong(req.getParam("ms", "1000")), t -> {
          inflight--;
          req.response().end("done");
        });
      }
      case "/inflight" -> req.response().end(String.valueOf(inflight));
      case "/exhaust-heap" -> {
        while (true) {
          hoard.add(new byte[1 << 20]);
        }
      }
      default -> req.response().setStatusCode(404).end();
    }
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(config().getInteger("shutdownSeconds", 20), TimeUnit.SECONDS);
  }
}
