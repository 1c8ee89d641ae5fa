package io.squall.http;

import io.squall.platform.BoundPorts;
import io.squall.platform.ConfigKeys;
import io.squall.platform.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * Tornado's web server and framework as a verticle: routes from the descriptor ({@link HttpOptions}), on one
 * HTTP server per instance (instances share the port, one per event loop).
 *
 * <p>Java users extend it and override {@link #customize(Router)} to add routes of their own before the
 * descriptor's; a class named in a {@code handler} route ({@link RouteHandler}) is the lighter way.
 */
public class HttpVerticle extends VerticleBase {

  /** Every key of the config: checked by {@code squall check} and at start, documented in the README from here. */
  public static final ConfigKeys CONFIG = HttpOptions.KEYS;

  private HttpOptions options;
  private HttpServer server;

  @Override
  public Future<?> start() {
    try {
      options = new HttpOptions(CONFIG.validate("http", config()));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    HttpServerOptions serverOptions;
    try {
      serverOptions = serverOptions(options);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // port 0: one random port shared by every instance, not one each
    serverOptions.setPort(BoundPorts.listenPort(context, "port", options.getPort()));
    return CookieSecrets.load(vertx, options).compose(cookies -> {
      HttpRouter http = new HttpRouter(vertx, options, cookies);
      Router router;
      try {
        router = http.build(this::customize);
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(e);
      }
      HttpRejects rejects = HttpRejects.create(NodeMetrics.registry(vertx));
      RequestHygiene.Limits limits = new RequestHygiene.Limits(serverOptions, rejects, options.getHeaderTimeout(),
          options.getBodyTimeout());
      boolean accessLog = options.isAccessLog();
      server = vertx.createHttpServer(serverOptions)
          // Request-smuggling checks Netty lacks (CL with TE, odd Transfer-Encodings, junk chunk sizes, obs-fold),
          // and the header and body timeouts that stop slow clients.
          .connectionHandler(connection -> RequestHygiene.install(connection, limits))
          // Requests Netty or RequestHygiene refuse (400, 414, 431, 505) never reach the router: counted and logged here.
          .invalidRequestHandler(request -> {
            rejects.invalid(request);
            if (accessLog) {
              AccessLog.invalid(request);
            } else {
              RequestHygiene.answerInvalid(request);
            }
          })
          .requestHandler(router);
      // Template pages carry static_url data from the first request on: the static folders are walked first.
      return http.ready().compose(v -> server.listen().recover(e -> Future.failedFuture(explain(e))))
          .map(s -> BoundPorts.record(context, "port", s.actualPort()));
    });
  }

  /**
   * Vert.x reads the PEM files only when listening, and names neither the option nor, for a file that is not PEM,
   * the file ("Unable to read file at path '...'", "Missing -----BEGIN CERTIFICATE----- delimiter"): say both. Any
   * other failure to listen (a busy port) names the address and the key.
   */
  private Throwable explain(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (options.getTlsCert() != null && (e instanceof FileSystemException || message.contains("-----BEGIN"))) {
      return new IllegalArgumentException("http: cannot use the TLS files (tlsCert " + options.getTlsCert()
          + ", tlsKey " + options.getTlsKey() + "): " + message, e);
    }
    return BoundPorts.cannotListen("port", options.getHost(), options.getPort(), e);
  }

  /**
   * Extension point: routes added here come before the descriptor's routes. They get no XSRF check of their own:
   * a state-changing route adds {@code BodyHandler.create()} then {@link Xsrf#create()} before its handler.
   */
  protected void customize(Router router) {
  }

  /** The port the server listens on (useful when 0 was configured). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    RateLimiter.forget(vertx, deploymentID());
    // No new connections; in-flight requests get up to shutdownTimeout to finish.
    return server == null ? Future.succeededFuture()
        : server.shutdown(options.getShutdownTimeout(), TimeUnit.SECONDS);
  }

  static HttpServerOptions serverOptions(HttpOptions options) {
    HttpServerOptions server = new HttpServerOptions();
    if (options.getTlsCert() != null) { // with tlsKey: the config check (HttpOptions.KEYS) wants both or neither
      // h2 is negotiated by ALPN; HTTP/1.1 clients keep working
      server.setSsl(true).setUseAlpn(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.getTlsCert()).setKeyPath(options.getTlsKey()));
    }
    return server
        .setPort(options.getPort())
        .setHost(options.getHost())
        .setMaxHeaderSize(options.getMaxHeaderSize())
        .setMaxInitialLineLength(options.getMaxInitialLineLength())
        .setIdleTimeout(options.getIdleTimeout())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        // Vert.x's form decoder: at most this many urlencoded fields or multipart parts (400 beyond), each part's
        // headers and undecoded data buffered up to 1 KiB (Vert.x's default), so neither a flood of parts
        // (CVE-2026-31958) nor a huge part header (CVE-2025-67726) costs more than a bounded, linear parse.
        .setMaxFormFields(options.getMaxFormFields())
        .setMaxFormBufferedBytes(HttpServerOptions.DEFAULT_MAX_FORM_BUFFERED_SIZE)
        .setCompressionSupported(options.isCompression())
        .setCompressionLevel(options.getCompressionLevel())
        .setCompressionContentSizeThreshold(options.getCompressionMinSize())
        // No cleartext HTTP/2 (prior knowledge or "Upgrade: h2c") unless asked for: behind a proxy it lets a client
        // tunnel past the proxy's rules (h2c smuggling), and with it on Vert.x builds the HTTP/1 connection only after
        // decoding the first request, too late for RequestHygiene to check that request (it stays off then).
        .setHttp2ClearTextEnabled(options.isH2c());
  }
}
