package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cleartext HTTP/2: off by default (h2c smuggling), on with {@code h2c: true}. */
class H2cTest {

  /** Asks for HTTP/2: on http:// that is an {@code Upgrade: h2c} on the first request (SquallClient speaks 1.1). */
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
      .connectTimeout(SquallClient.TIMEOUT).build();
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static HttpOptions options() {
    return new HttpOptions().setAccessLog(false).setXsrf(false).setRoutes(List.of(
        BodyRoute.route("/page", "text/plain; charset=utf-8", 100),
        new RouteOptions().setPath("/echo").setKind(RouteOptions.Kind.HANDLER).setHandler(EchoRoute.class.getName())));
  }

  private HttpResponse<String> get(int port) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/page"))
        .timeout(SquallClient.TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void offByDefaultTheUpgradeIsIgnored() throws Exception {
    assertThat(new HttpOptions().isH2c()).isFalse();
    int port = HttpServers.deploy(vertx, options());
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> res = get(port);
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
  }

  @Test
  void onTheConnectionIsUpgradedToHttp2() throws Exception {
    int port = HttpServers.deploy(vertx, options().setH2c(true));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> res = get(port);
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(res.body()).isEqualTo(new String(BodyRoute.body(100), StandardCharsets.US_ASCII));
      assertThat(res.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }
  }

  @Test
  void onAFirstRequestWithABodyIsStillReadWhole() throws Exception {
    // With h2c on, Vert.x hands out the connection after decoding the first request head; swapping the decoder
    // then (RequestHygiene) would read that request's body as the next request.
    int port = HttpServers.deploy(vertx, options().setH2c(true));
    String body = "x".repeat(300);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: squall.test\r\nContent-Type: text/plain\r\n"
          + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body
          + "").getBytes(StandardCharsets.US_ASCII));
      String answer = readAll(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("got 300 bytes");
    }
  }

  @Test
  void optionRoundTripsThroughJson() {
    assertThat(new HttpOptions(new JsonObject()).isH2c()).isFalse();
    HttpOptions on = new HttpOptions(new JsonObject().put("h2c", true));
    assertThat(on.isH2c()).isTrue();
    assertThat(on.toJson().getBoolean("h2c")).isTrue();
    assertThat(new HttpOptions(on).isH2c()).isTrue();
    assertThat(new HttpOptions().toJson().getBoolean("h2c")).isFalse();
    assertThat(HttpVerticle.serverOptions(on).isHttp2ClearTextEnabled()).isTrue();
    assertThat(HttpVerticle.serverOptions(new HttpOptions()).isHttp2ClearTextEnabled()).isFalse();
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
