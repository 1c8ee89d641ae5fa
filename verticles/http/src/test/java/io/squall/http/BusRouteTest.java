package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Failures;
import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BusRouteTest {

  private Vertx vertx;
  private SquallClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer("orders.create", m -> {
      if (m.body().containsKey("fail")) {
        m.fail(409, "order " + m.body().getString("id") + " exists");
      } else {
        m.reply(m.body().copy().put("user", m.headers().get("squall-user")));
      }
    });
    vertx.eventBus().<JsonObject>consumer("orders.slow", m -> { });
    vertx.eventBus().<JsonObject>consumer("orders.keyed",
        m -> m.reply(new JsonObject().put("key", m.headers().get("idempotency-key"))));
    vertx.eventBus().<JsonObject>consumer("orders.lost", m -> m.fail(503, Failures.NODE_LOST));
    // XSRF has tests of its own (XsrfTest); here it would only demand a token from every POST.
    int port = HttpServers.deploy(vertx, new HttpOptions().setXsrf(false).setRoutes(List.of(
        new RouteOptions().setPath("/orders/:id").setKind(RouteOptions.Kind.BUS).setAddress("orders.create"),
        new RouteOptions().setPath("/slow").setKind(RouteOptions.Kind.BUS).setAddress("orders.slow").setTimeout(300L),
        new RouteOptions().setPath("/nobody").setKind(RouteOptions.Kind.BUS).setAddress("nobody.home"),
        new RouteOptions().setPath("/keyed").setKind(RouteOptions.Kind.BUS).setAddress("orders.keyed"),
        new RouteOptions().setPath("/lost").setKind(RouteOptions.Kind.BUS).setAddress("orders.lost"),
        new RouteOptions().setPath("/small").setKind(RouteOptions.Kind.BUS).setAddress("orders.create")
            .setBodyLimit(16L),
        new RouteOptions().setPath("/rooms/:id/messages").setKind(RouteOptions.Kind.BUS).setAddress("orders.create")
            .setTo("/rooms/{id}"))));
    client = SquallClient.to(port);
  }

  @Test
  void aFormPostToARouteWithToGoesBackThereWhileJsonGetsTheReply() throws Exception {
    HttpResponse<String> form = post("/rooms/caf%C3%A9%20bar/messages", "application/x-www-form-urlencoded", "text=hi");
    HttpResponse<String> json = post("/rooms/lobby/messages", "application/json", "{\"text\":\"hi\"}");
    HttpResponse<String> failed = post("/rooms/x/messages", "application/x-www-form-urlencoded", "fail=1");

    assertThat(form.statusCode()).isEqualTo(303);
    assertThat(form.headers().firstValue("location")).hasValue("/rooms/caf%C3%A9%20bar");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(json.body()).getString("text")).isEqualTo("hi");
    assertThat(failed.statusCode()).isEqualTo(Failures.CONFLICT);
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private HttpResponse<String> post(String path, String type, String body) throws Exception {
    return client.send(client.request(path).header("content-type", type).header("accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void jsonBodyAndPathParametersBecomeTheMessageAndTheReplyIsJson() throws Exception {
    HttpResponse<String> res = post("/orders/42", "application/json", "{\"item\":\"tea\",\"id\":\"spoofed\"}");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(res.body())).isEqualTo(new JsonObject().put("item", "tea").put("id", "42")
        .putNull("user"));
  }

  @Test
  void formBodyBecomesTheMessage() throws Exception {
    HttpResponse<String> res = post("/orders/7", "application/x-www-form-urlencoded", "item=milk&qty=2");
    assertThat(new JsonObject(res.body()).getString("item")).isEqualTo("milk");
    assertThat(new JsonObject(res.body()).getString("qty")).isEqualTo("2");
  }

  @Test
  void recipientFailureCodeBecomesTheStatusWithItsSafeMessage() throws Exception {
    HttpResponse<String> res = post("/orders/9", "application/json", "{\"fail\":true}");
    assertThat(res.statusCode()).isEqualTo(Failures.CONFLICT);
    assertThat(new JsonObject(res.body()).getString("message")).isEqualTo("order 9 exists");
  }

  @Test
  void timeoutIs504AndNoConsumerIs503() throws Exception {
    assertThat(post("/slow", "application/json", "{}").statusCode()).isEqualTo(504);
    assertThat(post("/nobody", "application/json", "{}").statusCode()).isEqualTo(503);
  }

  @Test
  void anIdempotencyKeyHeaderReachesTheServiceQuotedOrNot() throws Exception {
    assertThat(new JsonObject(postKeyed("\"8e03978e-40d5\"").body()).getString("key")).isEqualTo("8e03978e-40d5");
    assertThat(new JsonObject(postKeyed("bare-token_1").body()).getString("key")).isEqualTo("bare-token_1");
    assertThat(new JsonObject(post("/keyed", "application/json", "{}").body()).getValue("key")).isNull();
  }

  @Test
  void anIdempotencyKeyThatIsNotOneToTwoHundredVisibleCharactersIs400() throws Exception {
    for (String bad : List.of("\"\"", "two words", "x".repeat(201), "\"a\\b\"")) {
      HttpResponse<String> res = postKeyed(bad);
      assertThat(res.statusCode()).as(bad).isEqualTo(400);
      assertThat(new JsonObject(res.body()).getString("message")).startsWith("Idempotency-Key must be");
    }
  }

  @Test
  void aRequestWhoseNodeWasLostIs503WithRetryAfter() throws Exception {
    HttpResponse<String> res = post("/lost", "application/json", "{}");
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(res.body()).getString("message")).isEqualTo(Failures.NODE_LOST);
    assertThat(res.headers().firstValue("retry-after")).hasValue("1");
  }

  private HttpResponse<String> postKeyed(String key) throws Exception {
    return client.send(client.request("/keyed").header("content-type", "application/json")
        .header("accept", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertThat(post("/orders/1", "application/json", "{nope").statusCode()).isEqualTo(400);
    assertThat(post("/orders/1", "application/json", "[1,2]").statusCode()).isEqualTo(400);
  }

  @Test
  void bodyOverTheRouteLimitIs413() throws Exception {
    assertThat(post("/small", "application/json", "{\"text\":\"" + "x".repeat(64) + "\"}").statusCode())
        .isEqualTo(413);
  }

  @Test
  void getIsNotAllowedOnABusRoute() throws Exception {
    HttpResponse<String> res = client.get("/orders/1");
    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.headers().firstValue("x-content-type-options")).hasValue("nosniff");
  }
}
