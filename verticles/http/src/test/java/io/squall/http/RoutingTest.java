package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Path patterns, regex routes with named groups, redirects, and routes the verticle refuses to start with. */
class RoutingTest {

  private Vertx vertx;
  private SquallClient browser;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer("echo", m -> m.reply(m.body()));
    int port = HttpServers.deploy(vertx, new HttpOptions().setXsrf(false).setRoutes(List.of(
        new RouteOptions().setRegex("^/archive/(?<year>[0-9]{4})/(?<slug>[a-z-]+)$").setKind(RouteOptions.Kind.BUS)
            .setAddress("echo").setMethods(List.of("GET")),
        new RouteOptions().setPath("/rooms/:room/info").setKind(RouteOptions.Kind.BUS).setAddress("echo")
            .setMethods(List.of("GET")),
        new RouteOptions().setPath("/old/:room").setKind(RouteOptions.Kind.REDIRECT).setTo("/rooms/{room}/info")
            .setStatus(301))));
    browser = SquallClient.to(port);
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void regexRoutesPassTheirNamedGroupsAsParameters() throws Exception {
    JsonObject body = new JsonObject(browser.get("/archive/2024/hello-world").body());
    assertThat(body.getString("year")).isEqualTo("2024");
    assertThat(body.getString("slug")).isEqualTo("hello-world");
    assertThat(browser.get("/archive/24/hello").statusCode()).isEqualTo(404);
  }

  @Test
  void pathParametersAndQueryBecomeTheMessageOfAGetBusRoute() throws Exception {
    JsonObject body = new JsonObject(browser.get("/rooms/lobby/info?since=3").body());
    assertThat(body).isEqualTo(new JsonObject().put("since", "3").put("room", "lobby"));
  }

  @Test
  void redirectsFillInPathParametersEncoded() throws Exception {
    var res = browser.get("/old/a%20b");
    assertThat(res.statusCode()).isEqualTo(301);
    assertThat(res.headers().firstValue("location")).hasValue("/rooms/a%20b/info");
  }

  @Test
  void aRouteWithoutWhatItsKindNeedsStopsTheStartWithItsIndexAndName() {
    Vertx other = Vertx.vertx();
    try {
      assertThatThrownBy(() -> HttpServers.deploy(other, new HttpOptions().setRoutes(List.of(
              new RouteOptions().setName("post").setPath("/p").setKind(RouteOptions.Kind.BUS)))))
          .hasMessageContaining("http: routes[0].address: a bus route needs 'address'");
      assertThatThrownBy(() -> HttpServers.deploy(other, new HttpOptions().setRoutes(List.of(
              new RouteOptions().setPath("/p").setRegex("^/p$").setKind(RouteOptions.Kind.REDIRECT).setTo("/")))))
          .hasMessageContaining("exactly one of 'path' or 'regex'");
    } finally {
      other.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void optionsRoundTripThroughJson() {
    HttpOptions options = new HttpOptions().setPort(9000).setDev(true).setLocales(List.of("en", "fr"))
        .setTrustedProxies(List.of("10.0.0.1")).setSessionTimeout(5).addRoute(new RouteOptions().setName("r")
            .setPath("/x").setKind(RouteOptions.Kind.SSE).setChannel("c.{x}").setAuth(true).setSession(true)
            .setBodyLimit(10L).setTimeout(20L).setConfig(new JsonObject().put("keepAlive", 5)));
    assertThat(new HttpOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }
}
