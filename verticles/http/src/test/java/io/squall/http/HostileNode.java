package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.squall.platform.Failures;
import io.squall.platform.Node;
import io.squall.platform.NodeMetrics;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallNodes;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real Squall node (management server, metrics registry) running the http verticle with the routes the security
 * tests attack, plus raw-socket helpers that send exactly the bytes given. Routes: {@code /echo} ({@link EchoRoute}),
 * {@code /reflect} ({@link ReflectRoute}), {@code POST /orders} (bus route to a consumer that replies
 * {@code {fields: n}} and fails with the {@code fail} field's text as a 400), {@code /static/*} ({@code static/} under
 * the given folder). Every read waits at most {@link #WAIT_MS}, never a sleep.
 */
final class HostileNode {

  static final int WAIT_MS = 5_000;
  static final String HOST = "Host: squall.test\r\n";

  private final SquallNodes nodes = new SquallNodes();
  private final Node node;
  private final int port;
  private final MeterRegistry registry;
  private final SquallClient management;

  /** @param extraConfig YAML flow-map entries added to the http verticle's config, e.g. {@code "headerTimeout: 1"} */
  HostileNode(Path dir, String... extraConfig) throws Exception {
    Path descriptor = dir.resolve("hostile.yaml");
    Files.writeString(descriptor, """
        name: hostile
        verticles:
          - name: http
            class: io.squall.http.HttpVerticle
            config:
              port: 0
              host: 127.0.0.1
              xsrf: false
              accessLog: false
              cookieSecrets: {"1": "test-only-cookie-secret-0123456789abcdef"}
        %s
              routes:
                - {name: echo, path: /echo, kind: handler, handler: io.squall.http.EchoRoute, bodyLimit: 2000000}
                - {name: reflect, path: /reflect, kind: handler, handler: io.squall.http.ReflectRoute}
                - {name: orders, path: /orders, kind: bus, address: orders.create}
                - {name: static, path: "/static/*", kind: static, dir: "%s"}
        """.formatted(extra(extraConfig), dir.resolve("static").toString().replace("\\", "/")));
    node = nodes.start(SquallNodes.options(descriptor.toString()));
    port = node.port("http");
    node.vertx().eventBus().<JsonObject>consumer("orders.create", m -> {
      if (m.body().containsKey("fail")) {
        m.fail(Failures.BAD_REQUEST, m.body().getString("fail"));
      } else {
        m.reply(new JsonObject().put("fields", m.body().size()));
      }
    }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    management = SquallClient.to(node.managementPort());
    registry = NodeMetrics.registry(node.vertx());
    assertThat(registry).as("the node's registry").isNotNull();
  }

  private static String extra(String... entries) {
    StringBuilder yaml = new StringBuilder();
    for (String entry : entries) {
      yaml.append("      ").append(entry).append('\n');
    }
    return yaml.toString();
  }

  int port() {
    return port;
  }

  void close() {
    nodes.closeAll();
  }

  /** {@code squall_http_rejected_total{reason}} now. */
  double rejected(HttpRejects.Reason reason) {
    Counter counter = registry.find(HttpRejects.REJECTED).tag("reason", reason.tag()).counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * {@code squall_http_server_requests_total{status}} summed over routes and methods. (A request that fails in its
   * route, such as a form the body handler refuses, is labelled by the failure handler's route, {@code unmatched}.)
   */
  double requests(String statusClass) {
    return registry.find(HttpMetrics.REQUESTS).tag("status", statusClass).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  /**
   * What the issue asks after every hostile input: the management server's {@code /health/ready} is 200 and a normal
   * request on a new connection is served.
   */
  void assertStillServing() throws Exception {
    HttpResponse<String> ready = management.get("/health/ready");
    assertThat(ready.statusCode()).as("/health/ready").isEqualTo(200);
    try (Socket socket = connect()) {
      send(socket, "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello");
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 5 bytes");
    }
  }

  /** The management server's {@code /metrics} (Prometheus text). */
  String scrape() throws Exception {
    return management.get("/metrics").body();
  }

  /** Metrics are recorded when the response has ended, just after the client may have read it: wait for it. */
  void awaitRejected(HttpRejects.Reason reason, double atLeast) {
    await(() -> rejected(reason) >= atLeast, "squall_http_rejected_total{reason=" + reason.tag() + "} >= " + atLeast
        + " (is " + rejected(reason) + ")");
  }

  void awaitRequests(String statusClass, double atLeast) {
    await(() -> requests(statusClass) >= atLeast, "squall_http_server_requests_total{status=" + statusClass + "} >= "
        + atLeast + " (is " + requests(statusClass) + "; all: " + registry.find(HttpMetrics.REQUESTS).counters().stream()
        .map(c -> c.getId().getTags() + "=" + c.count()).toList() + ")");
  }

  private void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT_MS + " ms: " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // a poll, not a pause
    }
  }

  Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(WAIT_MS); // every read waits on the server with this timeout, never a sleep
    return socket;
  }

  static void send(Socket socket, String bytes) throws IOException {
    socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Sends {@code request} on a new connection and reads until the server closes it. */
  String exchange(String request) throws IOException {
    try (Socket socket = connect()) {
      send(socket, request);
      return readUntilClosed(socket);
    }
  }

  /** Everything the server sends until it closes the connection; fails if it is still open after the timeout. */
  static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection still open after " + WAIT_MS + " ms; received: " + all, e);
    } catch (java.net.SocketException e) {
      // a reset after the server closed with unread input on its side: what came before still counts
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  /** One response (status line, headers, Content-Length body), leaving the connection open. */
  static String readResponse(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("connection closed mid-response: " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }
}
