package io.squall.http;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.platform.Node;
import io.squall.testing.SquallNodes;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route's {@code rateLimit}: a bucket of {@code burst} requests per user (per client address for guests), refilled
 * at {@code rate} a second, shared by the verticle's instances; over it, 429 with Retry-After. Each request is a new
 * connection, so the node's two http instances take turns.
 */
class RateLimitTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;
  private int port;
  private Node node;

  @BeforeEach
  void start() throws Exception {
    Path descriptor = dir.resolve("app.yaml");
    Files.writeString(descriptor, """
        name: limits
        verticles:
          - name: http
            class: io.squall.http.HttpVerticle
            instances: 2
            config:
              port: 0
              host: 127.0.0.1
              xsrf: false
              cookieSecrets: {"1": "test-only-cookie-secret-0123456789abcdef"}
              routes:
                - {name: limited, path: /limited, kind: handler, handler: io.squall.http.EchoRoute,
                   rateLimit: {rate: 0.5, burst: 3}}
                - {name: free, path: /free, kind: handler, handler: io.squall.http.EchoRoute}
        """);
    node = nodes.start(SquallNodes.options(descriptor.toString()));
    port = node.port("http");
    node.vertx().eventBus().<JsonObject>consumer(Addresses.AUTH_VERIFY, m -> {
      String token = m.body().getString("token");
      if (token.startsWith("t-")) {
        m.reply(new JsonObject().put("user", new JsonObject().put("id", token.substring(2))));
      } else {
        m.fail(Failures.UNAUTHENTICATED, "invalid token");
      }
    });
  }

  private List<Integer> statuses(int requests, String path, String... headers) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      statuses.add(RawHttp.get(port, path, headers).status());
    }
    return statuses;
  }

  @Test
  void aGuestOverTheBurstGets429WithRetryAfterOnThatRouteOnly() throws Exception {
    assertThat(statuses(3, "/limited")).as("the burst, across both instances").containsExactly(200, 200, 200);

    RawHttp.Response refused = RawHttp.get(port, "/limited", "Accept: application/json");

    assertThat(refused.status()).isEqualTo(429);
    // a token every 2 s: the next one is at most 2 s away
    assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 2L);
    assertThat(new JsonObject(refused.body()).getString("message")).startsWith("too many requests; retry after");
    assertThat(statuses(5, "/free")).containsOnly(200);
    awaitCondition("a token back", Duration.ofSeconds(10), () -> {
      try {
        return RawHttp.get(port, "/limited").status() == 200;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void eachSignedInUserHasABucketOfTheirOwnApartFromTheirAddress() throws Exception {
    assertThat(statuses(4, "/limited", "Authorization: Bearer t-alice")).containsExactly(200, 200, 200, 429);

    assertThat(statuses(3, "/limited", "Authorization: Bearer t-bob")).as("bob, from alice's address")
        .containsExactly(200, 200, 200);
    assertThat(statuses(3, "/limited")).as("a guest at that address").containsExactly(200, 200, 200);
  }

  @Test
  void refusalsAreCountedOnTheNodesMetricsByRoute() throws Exception {
    assertThat(statuses(5, "/limited")).containsExactly(200, 200, 200, 429, 429);

    assertThat(SquallProcess.get(node.managementPort(), "/metrics").orElseThrow().body())
        .contains("squall_http_rate_limited_total{route=\"limited\"} 2.0");
  }

  @Test
  void aRateLimitWithoutARateOrBurstRefusesToStartNamingTheRoute() {
    HttpOptions bad = new HttpOptions().setRoutes(List.of(new RouteOptions().setName("post").setPath("/p")
        .setKind(RouteOptions.Kind.BUS).setAddress("a").setRateLimit(new RateLimitOptions().setBurst(0))));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpServers.deploy(node.vertx(), bad))
        .hasMessageContaining("routes[0].rateLimit.burst: must be at least 1");
  }

  @Test
  void rateLimitOptionsRoundTripThroughJson() {
    RouteOptions route = new RouteOptions(new JsonObject().put("path", "/p").put("kind", "bus").put("address", "a")
        .put("rateLimit", new JsonObject().put("rate", 2.5).put("burst", 7)));

    assertThat(route.getRateLimit().getRate()).isEqualTo(2.5);
    assertThat(route.getRateLimit().getBurst()).isEqualTo(7);
    assertThat(new RouteOptions(route.toJson()).toJson()).isEqualTo(route.toJson());
    assertThat(new RateLimitOptions(new JsonObject()).toJson())
        .isEqualTo(new JsonObject().put("rate", RateLimitOptions.DEFAULT_RATE).put("burst", RateLimitOptions.DEFAULT_BURST));
    assertThat(new RouteOptions().toJson().containsKey("rateLimit")).isFalse();
  }
}
