package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health, metrics and info of one node (port 9090 by default), for probes, Prometheus and people. */
final class ManagementServer {

  private static final Logger log = LoggerFactory.getLogger(Node.class);
  /**
   * Logged as soon as the port is bound, before any verticle deploys: a process started with
   * {@code --management-port 0} is found through this line (platform/testing's SquallProcess reads it), and its
   * {@code /info} then has every other port.
   */
  static final String LISTENING = "Squall node management listening on {}:{}";

  private ManagementServer() {
  }

  /** Listens and completes with the actual port. */
  static Future<Integer> start(NodeImpl node, String host, int port) {
    Router router = Router.router(node.vertx());
    router.get("/health/live").handler(ctx -> {
      String down = node.notLiveReason();
      if (down == null) {
        json(ctx, 200, new JsonObject().put("status", "UP"));
      } else {
        json(ctx, 503, new JsonObject().put("status", "DOWN").put("reason", down));
      }
    });
    router.get("/health/ready").handler(ctx -> node.notReadyReason().onComplete(ar -> {
      if (ar.failed()) {
        json(ctx, 503, new JsonObject().put("status", "DOWN").put("reason", "readiness check failed"));
      } else if (ar.result() == null) {
        json(ctx, 200, new JsonObject().put("status", "UP"));
      } else {
        json(ctx, 503, new JsonObject().put("status", "DOWN").put("reason", ar.result()));
      }
    }));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(node.registryName()));
    router.get("/info").handler(ctx -> json(ctx, 200, node.info()));
    return node.vertx().createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen()
        .map(server -> {
          log.info(LISTENING, host, server.actualPort());
          return server.actualPort();
        })
        .recover(e -> Future.failedFuture(new IllegalStateException("management server: cannot listen on " + host
            + ":" + port + " (--management-port): " + BoundPorts.reason(e), e)));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
