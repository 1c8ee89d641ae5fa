package io.squall.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * The baseline: a bare Vert.x HttpServer answering every request with {"message":"Hello, World!"} and the headers
 * Squall adds by default ({@link Hello}), one server per
 * instance (one per event loop), default VertxOptions, no router, no metrics. With {@code router} as the fourth
 * argument the same answer comes from a Vert.x Web Router with that one route (GET /json) and nothing else: what
 * routing alone costs, the floor under any framework built on Vert.x Web.
 *
 * <pre>java -cp squall.jar:squall-bench.jar io.squall.bench.RawVertxServer PORT [INSTANCES] [HOST] [router]</pre>
 */
public final class RawVertxServer extends VerticleBase {

  private final String host;
  private final int port;
  private final boolean router;

  private RawVertxServer(String host, int port, boolean router) {
    this.host = host;
    this.port = port;
    this.router = router;
  }

  @Override
  public Future<?> start() {
    Handler<HttpServerRequest> hello = req -> Hello.securityHeaders(req.response())
        .putHeader(HttpHeaders.CONTENT_TYPE, Hello.CONTENT_TYPE)
        .end(Hello.message().toBuffer());
    Handler<HttpServerRequest> handler = hello;
    if (router) {
      Router web = Router.router(vertx);
      web.get("/json").handler(ctx -> hello.handle(ctx.request()));
      handler = web;
    }
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)).requestHandler(handler).listen();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String host = args.length > 2 ? args[2] : "127.0.0.1";
    boolean router = args.length > 3 && args[3].equals("router");
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new RawVertxServer(host, port, router), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println((router ? "vert.x web router" : "raw vert.x") + " listening on " + host + ":" + port + " (" + instances
            + " instances, native transport: " + vertx.isNativeTransportEnabled() + ")"))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
