package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessLogTest {

  /** Every test's paths carry it, so a line from another test's server can never be taken for this one's. */
  private final String marker = UUID.randomUUID().toString();
  private LogCapture log;
  private Vertx vertx;
  private int port;
  private SquallClient client;

  @BeforeEach
  void start() {
    log = LogCapture.attach(AccessLog.LOGGER);
    vertx = Vertx.vertx();
    port = HttpServers.deploy(vertx, options());
    client = SquallClient.to(port);
  }

  private static HttpOptions options() {
    return new HttpOptions().setXsrf(false).setRoutes(List.of(
        new RouteOptions().setPath("/echo/*").setKind(RouteOptions.Kind.HANDLER).setHandler(EchoRoute.class.getName())));
  }

  @AfterEach
  void stop() {
    log.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void oneLinePerRequestWithClientMethodUriStatusBytesAndMillis() throws Exception {
    HttpResponse<String> res = client.get("/echo/" + marker + "?page=2");
    assertThat(res.body()).isEqualTo("got 0 bytes");
    String line = log.await(marker);
    assertThat(line).matches("127\\.0\\.0\\.1 GET /echo/" + marker + "\\?page=2 200 11B \\d+ms");

    client.get("/missing/" + marker);
    assertThat(log.await("/missing/" + marker)).matches("127\\.0\\.0\\.1 GET /missing/" + marker + " 404 \\d+B \\d+ms");
    assertThat(log.lines()).filteredOn(l -> l.contains(marker)).hasSize(2);
  }

  @Test
  void accessLogFalseLogsNothing() throws Exception {
    int quiet = HttpServers.deploy(vertx, options().setAccessLog(false));
    // On one connection, one after the other: when the second answer is in, the first request is over on the server.
    List<RawHttp.Response> answers = RawHttp.sequence(quiet, "/echo/" + marker, "/missing/" + marker, "/echo/" + marker);
    assertThat(answers).extracting(RawHttp.Response::status).containsExactly(200, 404, 200);
    RawHttp.Response refused = RawHttp.exchange(quiet, "GET /" + marker + " HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n");
    assertThat(refused.status()).isEqualTo(400);

    // The same requests to the logging server are logged, so the capture works.
    RawHttp.sequence(port, "/echo/" + marker + "?control");
    String control = log.await("?control");
    assertThat(log.lines()).filteredOn(l -> l.contains(marker)).containsExactly(control);
    assertThat(log.lines()).noneMatch(l -> l.contains("/bad-request"));
  }

  @Test
  void authorizationCookiesAndSecretQueryValuesNeverReachTheLog() throws Exception {
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_VERIFY, m -> m.reply(new JsonObject()
        .put("user", new JsonObject().put("id", "u1").put("name", "Ann").put("roles", new JsonArray()))));
    client.get("/echo/" + marker + "?password=hunter2-pw&Token=tok-VALUE&client_secret=cs-VALUE&pass%77ord=enc-VALUE"
            + "&api_token&q=kept-value&PASSWORD=upper-VALUE",
        "Authorization", "Bearer SENTINEL-AUTHORIZATION",
        "Cookie", "squall_session=SENTINEL-COOKIE; _xsrf=SENTINEL-XSRF");
    String line = log.await(marker);
    assertThat(line).contains("?password=***&Token=***&client_secret=***&pass%77ord=***&api_token&q=kept-value"
        + "&PASSWORD=*** 200 ");
    assertThat(line).doesNotContain("hunter2", "VALUE", "SENTINEL", "Bearer");
  }

  @Test
  void crAndLfInTheRequestLineCannotForgeASecondLogLine() throws Exception {
    String forged = "127.0.0.1 GET /admin 200 0B 0ms";
    // Netty refuses a raw CR or LF in the request line (400); the refusal is logged, as one line.
    for (String target : List.of("/echo/" + marker + "\r\n" + forged, "/echo/" + marker + "?x=1\r" + forged,
        "/echo/" + marker + "\n" + forged)) {
      RawHttp.Response res = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n");
      assertThat(res.status()).isIn(400, 404);
    }
    // NEL (0x85) is a line break to some log viewers and Netty lets it through: escaped.
    RawHttp.Response nel = RawHttp.exchange(port, "GET /echo/" + marker + "\u0085" + forged.replace(' ', '_')
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(nel.status()).isEqualTo(200);
    assertThat(log.await(marker + "\\x85")).startsWith("127.0.0.1 GET /echo/" + marker + "\\x85127.0.0.1_GET");
    assertThat(log.lines()).allSatisfy(l -> assertThat(l).doesNotContain("\r", "\n", "\u0085").doesNotStartWith(forged));

    // The line itself escapes whatever might still come through another way (an HTTP/2 :path, a future parser).
    assertThat(AccessLog.line("10.0.0.1", "GET", "/a\r\n" + forged + "\u2028\t\\x0d", 200, 5, 1))
        .isEqualTo("10.0.0.1 GET /a\\r\\n" + forged + "\\u2028\\t\\\\x0d 200 5B 1ms");
  }
}
