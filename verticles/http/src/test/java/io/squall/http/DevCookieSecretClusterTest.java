package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.testing.InJvmCluster;
import io.squall.testing.SquallClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dev mode with no cookie secret on a cluster: a cookie one edge signs, every edge reads. */
class DevCookieSecretClusterTest {

  private static InJvmCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = InJvmCluster.start(2);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  /** {@code /me} sets the signed cookie {@code user} from {@code ?set=} and answers what it reads back. */
  private static HttpOptions withoutSecret(boolean dev) {
    return new HttpOptions().setDev(dev).setHost("127.0.0.1").setPort(0).setAccessLog(false).setRoutes(List.of(
        new RouteOptions().setPath("/me").setKind(RouteOptions.Kind.HANDLER).setMethods(List.of("GET"))
            .setHandler(SignedCookiesTest.Remember.class.getName())));
  }

  private static HttpVerticle deploy(Vertx member, HttpOptions options) throws Exception {
    HttpVerticle verticle = new HttpVerticle();
    member.deployVerticle(verticle, new DeploymentOptions().setConfig(options.toJson()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return verticle;
  }

  /** A GET by a new client, with {@code cookie} as its only cookie (none when null). */
  private static HttpResponse<String> get(int port, String path, String cookie) {
    SquallClient client = SquallClient.to(port);
    return cookie == null ? client.get(path) : client.get(path, "Cookie", cookie);
  }

  @Test
  void aSignedCookieSetByOneEdgeIsReadByAnotherWithNoSecretConfigured() throws Exception {
    int one = deploy(cluster.vertx(0), withoutSecret(true)).actualPort();
    int other = deploy(cluster.vertx(1), withoutSecret(true)).actualPort();

    for (int[] edges : new int[][] {{one, other}, {other, one}}) {
      String setCookie = get(edges[0], "/me?set=alice", null).headers().firstValue("set-cookie").orElseThrow();
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));

      HttpResponse<String> read = get(edges[1], "/me", cookie);

      assertThat(new JsonObject(read.body()).getString("user")).as("set on port " + edges[0]).isEqualTo("alice");
    }
  }

  @Test
  void aClusteredEdgeWithoutASecretOutsideDevModeRefusesToStartNamingTheSettingToAdd() {
    assertThatThrownBy(() -> deploy(cluster.vertx(0), withoutSecret(false))).cause().message()
        .startsWith("http: no cookie secret configured: set cookieSecretFile, e.g. SQUALL_HTTP_COOKIE_SECRET_FILE=")
        .contains("every node of a cluster needs the same secrets").doesNotContain("\n");
  }
}
