package io.squall.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;

/**
 * The baseline: a bare Vert.x HttpServer answering every request with {"message":"Hello, World!"}, one server per
 * instance (one per event loop), default VertxOptions, no router, no metrics.
 *
 * <pre>java -cp squall.jar:squall-bench.jar io.squall.bench.RawVertxServer PORT [INSTANCES] [HOST]</pre>
 */
public final class RawVertxServer extends VerticleBase {

  private final String host;
  private final int port;

  private RawVertxServer(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(req -> req.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, Hello.CONTENT_TYPE)
            .end(Hello.message().toBuffer()))
        .listen();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String host = args.length > 2 ? args[2] : "127.0.0.1";
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new RawVertxServer(host, port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("raw vert.x listening on " + host + ":" + port + " (" + instances
            + " instances, native transport: " + vertx.isNativeTransportEnabled() + ")"))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
