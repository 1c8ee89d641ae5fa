package io.squall.bridge;

import io.squall.platform.BoundPorts;
import io.squall.platform.ConfigKeys;
import io.squall.platform.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browsers on the clustered event bus (port 8081): SockJS with all its transports at {@code /eventbus} and a raw
 * WebSocket at {@code /eventbus/websocket}, speaking the Vert.x event bus bridge frames, so
 * {@code @vertx/eventbus-bridge-client.js} works unchanged; Squall's own client is served at
 * {@code /eventbus/client.js}. Deny-all permissions, verified identity in {@code squall-user}/{@code squall-roles},
 * limits with a reason for every refusal, one consumer per address, and channel resume. Keys: README.md.
 */
public class BridgeVerticle extends VerticleBase {

  /** The keys of its config, checked by {@code squall check} and {@code squall run} (README.md's table). */
  public static final ConfigKeys CONFIG = BridgeOptions.KEYS;

  private static final Logger log = LoggerFactory.getLogger(BridgeVerticle.class);

  private BridgeOptions options;
  private Bridge bridge;
  private HttpServer server;
  private long sweeper = -1;

  @Override
  public Future<?> start() {
    try {
      options = new BridgeOptions(CONFIG.validate("bridge", config()));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    bridge = new Bridge(vertx, options, new BridgeMetrics(NodeMetrics.registry(vertx)), nodeId());
    Router router = Router.router(vertx);
    ClientScripts.mount(router, options.getPath());
    // the SockJS greeting answers at /eventbus as at /eventbus/ (sockjs-client and the protocol suite ask both)
    router.get(options.getPath()).handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8").end("Welcome to SockJS!\n"));
    router.route(options.getPath() + "/*").handler(this::checkOrigin);
    router.route(options.getPath() + "/*").handler(BridgeVerticle::sayXhrPollsClose);
    router.route(options.getPath() + "/*").handler(bridge::sockJsRequest);
    // the raw WebSocket is ours (not SockJS's) so that frames over the limits end in a 1009 close frame
    router.get(options.getPath() + "/websocket").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> bridge.connected(ws, ctx))
        .onFailure(e -> { if (!ctx.response().ended()) { ctx.response().setStatusCode(400).end(); } }));
    // SockJS's xhr_send needs the body read; bounded by the message limit (JSON-escaped in an array: up to twice)
    router.post(options.getPath() + "/*").handler(BodyHandler.create(false)
        .setBodyLimit(2L * options.getMaxMessageSize() + 16));
    SockJSHandler sockJs = SockJSHandler.create(vertx, new SockJSHandlerOptions()
        .setHeartbeatInterval(options.getHeartbeat())
        // no JSESSIONID cookie (it would only serve sticky load balancing) and no event-bus handler per socket
        .setInsertJSESSIONID(false).setRegisterWriteHandler(false));
    router.route(options.getPath() + "/*").subRouter(sockJs.socketHandler(bridge::connected));
    server = vertx.createHttpServer(new HttpServerOptions()
        // Vert.x's own limits drop the connection without a close frame: ours (WebSocketTransport, BridgeSocket)
        // are tighter and answer 1009; these are the hard stop behind them
        .setMaxWebSocketFrameSize(options.getMaxMessageSize())
        .setMaxWebSocketMessageSize(options.getMaxMessageSize())
        // permessage-deflate costs ~100 KB of zlib state per socket and opens the door to decompression bombs
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false))
        // UTF-8 validation, the message limit over fragments, and close frames on protocol errors (WebSocketGuard)
        .connectionHandler(connection -> WebSocketGuard.install(connection, options.getMaxMessageSize()));
    sweeper = vertx.setPeriodic(Math.min(5_000, options.getPingTimeout() / 2), id -> bridge.sweepIdle());
    // revocations and session ends are heard before the first socket can open
    return bridge.credentials.listen()
        .compose(v -> server.requestHandler(router)
            .listen(BoundPorts.listenPort(context, "port", options.getPort()), options.getHost())
            .recover(e -> Future.failedFuture(BoundPorts.cannotListen("port", options.getHost(), options.getPort(), e))))
        .map(s -> BoundPorts.record(context, "port", s.actualPort()))
        .onSuccess(port -> log.info(
        "bridge: listening on {}:{}{} ({} inbound / {} outbound permits, anonymous {})", options.getHost(),
        port, options.getPath(), options.getInbound().size(), options.getOutbound().size(),
        options.isAnonymous() ? "allowed" : "refused"));
  }

  /** The port the server listens on (useful with port 0 in tests). */
  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Vert.x's SockJS xhr polling closes the connection after each poll's response without a {@code Connection: close}
   * header, so a keep-alive client (Node's agent, under the official event-bus client) sent its next request on the
   * dead socket and lost the session; the header tells it not to.
   */
  private static void sayXhrPollsClose(RoutingContext ctx) {
    if (ctx.request().path().endsWith("/xhr")) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    ctx.next();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    if (bridge == null) {
      return Future.succeededFuture();
    }
    // the server listens on while the sockets take their last frames: a polling client needs new requests for them
    return bridge.drain().eventually(() -> bridge.fanout.close()).eventually(() -> bridge.credentials.close())
        .eventually(() -> server == null ? Future.succeededFuture() : server.close());
  }

  /**
   * Cross-site WebSocket hijacking guard: a browser sends its cookies with any page's WebSocket, so the Origin must
   * be one of {@code allowedOrigins} ({@code *}: any), or, when none is configured, the bridge's own host (any port:
   * the pages come from the http verticle on 8080). Requests without Origin are not from a browser page.
   */
  private void checkOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || originAllowed(origin, ctx.request().authority() == null ? null : ctx.request().authority().host())) {
      ctx.next();
      return;
    }
    bridge.metrics.reject("origin");
    ctx.response().setStatusCode(403).end("origin not allowed");
  }

  private boolean originAllowed(String origin, String host) {
    if (!options.getAllowedOrigins().isEmpty()) {
      return options.getAllowedOrigins().contains("*") || options.getAllowedOrigins().contains(origin);
    }
    try {
      String originHost = URI.create(origin).getHost();
      return originHost != null && originHost.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private String nodeId() {
    var clusterManager = ((VertxInternal) vertx).clusterManager();
    if (clusterManager != null) {
      return clusterManager.getNodeId();
    }
    return vertx.sharedData().<String, String>getLocalMap("squall.bridge")
        .computeIfAbsent("nodeId", k -> "local-" + UUID.randomUUID());
  }
}
