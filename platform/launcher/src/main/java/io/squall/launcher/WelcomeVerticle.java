package io.squall.launcher;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/**
 * The page the bundled app serves on 8080: says the node is up and where to look next. It is the placeholder app
 * of a bare platform and gives way to the chat app's descriptor once that module exists.
 */
public class WelcomeVerticle extends VerticleBase {

  static final String PAGE = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Squall</title></head>
      <body>
      <h1>Squall is running</h1>
      <p>This node serves the bundled app. Its management endpoints are on port 9090:
      <a href="http://localhost:9090/health/ready">/health/ready</a>,
      <a href="http://localhost:9090/info">/info</a>,
      <a href="http://localhost:9090/metrics">/metrics</a>.</p>
      <p>Run your own verticles with <code>./squall run your-app.yaml</code>; see README.md.</p>
      </body></html>
      """;

  private HttpServer server;

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("content-type", "text/html; charset=utf-8").end(PAGE));
    return server.listen(config().getInteger("port", 8080), config().getString("host", "0.0.0.0"));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(5, TimeUnit.SECONDS);
  }
}
