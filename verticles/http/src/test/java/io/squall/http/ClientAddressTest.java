package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Addresses;
import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static final String CLIENT = "203.0.113.7";
  private static final String REAL_IP = "198.51.100.9";

  private final String marker = UUID.randomUUID().toString();
  private final List<CompletableFuture<JsonObject>> logins = new ArrayList<>();
  private LogCapture log;
  private Vertx vertx;

  @BeforeEach
  void start() {
    log = LogCapture.attach(AccessLog.LOGGER);
    vertx = Vertx.vertx();
    logins.add(new CompletableFuture<>());
    // The auth verticle: records what the http verticle tells it about the client.
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_LOGIN, m -> {
      logins.get(0).complete(m.body());
      m.reply(new JsonObject().put("token", "t").put("user",
          new JsonObject().put("id", "u1").put("name", "Ann").put("roles", new JsonArray())));
    });
  }

  @AfterEach
  void stop() {
    log.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** {@code /client/*} answers "address scheme"; XSRF has its own tests and would only stand in the way here. */
  private int deploy(String... trustedProxies) {
    return HttpServers.deploy(vertx, new HttpOptions().setXsrf(false).setTrustedProxies(List.of(trustedProxies))
        .addRoute(new RouteOptions().setPath("/client/*").setKind(RouteOptions.Kind.HANDLER)
            .setHandler(ClientRoute.class.getName())));
  }

  /** {@code /client/<marker>} with header name/value pairs, from a new client each time (no cookies). */
  private HttpResponse<String> get(int port, String... headers) {
    return SquallClient.to(port).get("/client/" + marker, headers);
  }

  @Test
  void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
    int port = deploy(); // 127.0.0.1 is not configured
    HttpResponse<String> res = get(port, "X-Forwarded-For", CLIENT, "X-Real-IP", REAL_IP, "X-Forwarded-Proto", "https");
    assertThat(res.body()).isEqualTo("127.0.0.1 http");
    assertThat(res.headers().firstValue("strict-transport-security")).isEmpty();
    assertThat(get(port, "X-Real-IP", REAL_IP).body()).isEqualTo("127.0.0.1 http");

    int other = deploy("10.0.0.0/8", "::1"); // proxies configured, but not this peer
    assertThat(get(other, "X-Forwarded-For", CLIENT, "X-Forwarded-Proto", "https").body()).isEqualTo("127.0.0.1 http");
  }

  @Test
  void forwardedHeadersFromATrustedProxyAreHonoured() throws Exception {
    int port = deploy("127.0.0.1");
    HttpResponse<String> res = get(port, "X-Forwarded-For", CLIENT, "X-Forwarded-Proto", "https");
    assertThat(res.body()).isEqualTo(CLIENT + " https");
    // The client spoke TLS to the proxy: HSTS applies.
    assertThat(res.headers().firstValue("strict-transport-security")).isPresent();

    assertThat(get(port, "X-Real-IP", REAL_IP).body()).isEqualTo(REAL_IP + " http");
    assertThat(get(port, "X-Forwarded-For", CLIENT + ":4711").body()).isEqualTo(CLIENT + " http");
    assertThat(get(port, "X-Forwarded-For", "[2001:db8::1]:443").body()).isEqualTo("2001:db8:0:0:0:0:0:1 http");
    assertThat(get(port, "X-Forwarded-Proto", "ftp").body()).isEqualTo("127.0.0.1 http");
    assertThat(get(port).body()).isEqualTo("127.0.0.1 http");
  }

  @Test
  void aSpoofedLeftMostForwardedForEntryDoesNotWin() throws Exception {
    int port = deploy("127.0.0.1", "10.0.0.0/8");
    // client -> 10.1.2.3 (a trusted proxy) -> 127.0.0.1: the right-most untrusted hop is the client
    assertThat(get(port, "X-Forwarded-For", "6.6.6.6, " + CLIENT + ", 10.1.2.3").body()).isEqualTo(CLIENT + " http");
    assertThat(get(port, "X-Forwarded-For", "6.6.6.6," + CLIENT).body()).isEqualTo(CLIENT + " http");
    // The client's own header line, then the proxy's: one list, read from the right.
    RawHttp.Response twoLines = RawHttp.get(port, "/client/" + marker,
        "X-Forwarded-For: 6.6.6.6", "X-Forwarded-For: " + CLIENT);
    assertThat(twoLines.body()).isEqualTo(CLIENT + " http");
    // Not an address: the walk stops at the last trusted hop rather than take the client's word.
    assertThat(get(port, "X-Forwarded-For", CLIENT + ", <script>, 10.9.9.9").body()).isEqualTo("10.9.9.9 http");
    assertThat(get(port, "X-Forwarded-For", "unknown").body()).isEqualTo("127.0.0.1 http");
    assertThat(get(port, "X-Real-IP", "<script>").body()).isEqualTo("127.0.0.1 http");
    // Several proxies may each add a proto: the nearest one's counts.
    assertThat(get(port, "X-Forwarded-Proto", "http, https").body()).isEqualTo("127.0.0.1 https");
  }

  @Test
  void theClientAddressReachesTheLoginMessageAndTheAccessLog() throws Exception {
    int port = deploy("127.0.0.0/8");
    HttpResponse<String> res = SquallClient.to(port).header("X-Forwarded-For", "6.6.6.6, " + CLIENT)
        .postForm("/login", Map.of("username", "ann", "password", "pw", "next", "/" + marker));
    assertThat(res.statusCode()).isEqualTo(303);
    assertThat(logins.get(0).get(10, TimeUnit.SECONDS).getString("ip")).isEqualTo(CLIENT);
    assertThat(log.await(" POST /login ")).startsWith(CLIENT + " POST /login 303 ");

    get(port, "X-Real-IP", REAL_IP);
    assertThat(log.await("/client/" + marker)).startsWith(REAL_IP + " GET /client/" + marker + " 200 ");
  }

  @Test
  void anUntrustedPeerIsTheAddressInTheLoginMessage() throws Exception {
    int port = deploy();
    SquallClient.to(port).header("X-Forwarded-For", CLIENT).header("X-Real-IP", REAL_IP)
        .postForm("/login", Map.of("username", "ann", "password", "pw"));
    assertThat(logins.get(0).get(10, TimeUnit.SECONDS).getString("ip")).isEqualTo("127.0.0.1");
  }

  @Test
  void trustedProxiesTakeAddressesAndCidrRangesOfBothFamilies() throws Exception {
    TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "172.16.0.0/12", "192.0.2.1", "::1",
        "fd00::/8", "::ffff:100.64.0.0/106"));
    for (String trusted : List.of("10.0.0.0", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.0.2.1",
        "0:0:0:0:0:0:0:1", "::1", "fd12:3456::1", "::ffff:10.1.2.3", "100.127.0.1")) {
      assertThat(proxies.trusts(TrustedProxies.literal(trusted))).as(trusted).isTrue();
    }
    for (String untrusted : List.of("11.0.0.1", "9.255.255.255", "172.32.0.0", "172.15.255.255", "192.0.2.2",
        "127.0.0.1", "::2", "fe00::1", "100.128.0.1")) {
      assertThat(proxies.trusts(TrustedProxies.literal(untrusted))).as(untrusted).isFalse();
    }
    TrustedProxies loopback = TrustedProxies.parse(List.of("127.0.0.0/8"));
    assertThat(loopback.trusts(InetAddress.getByName("127.8.9.10"))).isTrue();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(TrustedProxies.literal("8.8.8.8"))).isTrue();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(TrustedProxies.literal("::8"))).isFalse();
    assertThat(TrustedProxies.parse(List.of()).trusts(TrustedProxies.literal("127.0.0.1"))).isFalse();
  }

  @Test
  void aTrustedProxyThatIsNotAnAddressOrRangeRefusesToStart() {
    for (String bad : List.of("10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8/8", "localhost", "proxy.example", "010.0.0.1",
        "10.0.0", "256.0.0.1", "::1/129", "1::2::3", "", "10.0.0.0/-1", ".:1", "g::1")) {
      assertThatThrownBy(() -> TrustedProxies.parse(List.of("127.0.0.1", bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustedProxies[1]");
    }
    assertThatThrownBy(() -> deploy("10.0.0.0/8", "proxy.example")).hasMessageContaining("trustedProxies[1]")
        .hasMessageContaining("proxy.example");
  }
}
