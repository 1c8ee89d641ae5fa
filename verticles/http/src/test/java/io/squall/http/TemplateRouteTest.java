package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateRouteTest {

  private final AtomicReference<JsonObject> lastRequest = new AtomicReference<>();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.TEMPLATES_RENDER, m -> {
      lastRequest.set(m.body());
      switch (m.body().getString("template")) {
        case "missing.peb" -> m.fail(Failures.NOT_FOUND, "template missing.peb not found");
        case "broken.peb" -> m.fail(Failures.INTERNAL, "syntax error at broken.peb:3 <script>");
        case "silent.peb" -> { }
        default -> m.reply(new JsonObject().put("html", "<p>room " + m.body().getJsonObject("context")
            .getJsonObject("path").getString("room") + "</p>"));
      }
    });
    port = HttpServers.deploy(vertx, new HttpOptions().setLocales(List.of("en", "fr", "pt-BR")).setRoutes(List.of(
        new RouteOptions().setName("room").setPath("/rooms/:room").setKind(RouteOptions.Kind.TEMPLATE)
            .setTemplate("room.peb"),
        new RouteOptions().setPath("/missing").setKind(RouteOptions.Kind.TEMPLATE).setTemplate("missing.peb"),
        new RouteOptions().setPath("/broken").setKind(RouteOptions.Kind.TEMPLATE).setTemplate("broken.peb"),
        new RouteOptions().setPath("/silent").setKind(RouteOptions.Kind.TEMPLATE).setTemplate("silent.peb")
            .setTimeout(200L),
        new RouteOptions().setPath("/with-data/:room").setKind(RouteOptions.Kind.TEMPLATE).setTemplate("room.peb")
            .setAddress("page.data"))));
    vertx.eventBus().<JsonObject>consumer("page.data", m -> {
      String room = m.body().getJsonObject("path").getString("room");
      if (room.equals("nowhere")) {
        m.fail(Failures.NOT_FOUND, "no room nowhere");
      } else {
        // tries to overwrite a built-in key too: the request's own path must win
        m.reply(new JsonObject().put("messages", new io.vertx.core.json.JsonArray().add("m1"))
            .put("path", new JsonObject().put("room", "forged")).put("asked", m.body()));
      }
    });
  }

  @Test
  void aTemplateRouteWithAnAddressRendersWithTheDataItAnswers() throws Exception {
    HttpResponse<String> res = get("/with-data/lobby?since=3", null);

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("<p>room lobby</p>");
    JsonObject context = lastRequest.get().getJsonObject("context");
    assertThat(context.getJsonArray("messages")).containsExactly("m1");
    assertThat(context.getJsonObject("asked")).isEqualTo(new JsonObject()
        .put("path", new JsonObject().put("room", "lobby")).put("query", new JsonObject().put("since", "3")));
  }

  @Test
  void theDataServicesFailureIsThePagesStatus() throws Exception {
    HttpResponse<String> res = get("/with-data/nowhere", null);

    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(res.body()).contains("no room nowhere");
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** A GET by a new client (no cookies from earlier pages), with the Accept-Language given (none when null). */
  private HttpResponse<String> get(String path, String language) {
    SquallClient client = SquallClient.to(port);
    return language == null ? client.get(path) : client.get(path, "Accept-Language", language);
  }

  @Test
  void rendersThroughTheTemplatesServiceWithTheRequestContext() throws Exception {
    HttpResponse<String> res = get("/rooms/lobby?sort=new", "fr-CH, fr;q=0.9, en;q=0.8");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("<p>room lobby</p>");
    assertThat(res.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    JsonObject sent = lastRequest.get();
    assertThat(sent.getString("template")).isEqualTo("room.peb");
    assertThat(sent.getString("locale")).isEqualTo("fr");
    JsonObject context = sent.getJsonObject("context");
    assertThat(context.getJsonObject("query").getString("sort")).isEqualTo("new");
    assertThat(context.getValue("current_user")).isNull();
    assertThat(context.getString("locale")).isEqualTo("fr");
    assertThat(context.getJsonObject("request")).isEqualTo(new JsonObject().put("path", "/rooms/lobby")
        .put("method", "GET"));
    String token = context.getString("xsrf_token");
    assertThat(token).startsWith("2|");
    assertThat(context.getString("xsrf_form_html")).isEqualTo("<input type=\"hidden\" name=\"_xsrf\" value=\""
        + token.replace("|", "|") + "\">");
    assertThat(res.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).startsWith("_xsrf="));
    assertThat(context.getJsonObject("_links").getJsonObject("routes").getString("room")).isEqualTo("/rooms/:room");
  }

  @Test
  void aLoggedInUserReachesTheTemplateAsCurrentUser() throws Exception {
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_VERIFY, m -> m.reply(new JsonObject().put("user",
        new JsonObject().put("id", "alice").put("name", "Alice").put("roles", new io.vertx.core.json.JsonArray().add("user")))));
    SquallClient.to(port).get("/rooms/x", "authorization", "Bearer t");
    assertThat(lastRequest.get().getJsonObject("context").getJsonObject("current_user")).isEqualTo(new JsonObject()
        .put("id", "alice").put("name", "Alice").put("roles", new io.vertx.core.json.JsonArray().add("user")));
  }

  @Test
  void picksTheBrowserLocaleAmongTheSupportedOnesLikeTornado() throws Exception {
    get("/rooms/a", "pt-BR,pt;q=0.9");
    assertThat(lastRequest.get().getString("locale")).isEqualTo("pt-BR");
    get("/rooms/a", "de-DE, ja;q=0.5");
    assertThat(lastRequest.get().getString("locale")).isEqualTo("en");
    get("/rooms/a", ";;;q=nonsense");
    assertThat(lastRequest.get().getString("locale")).isEqualTo("en");
  }

  @Test
  void aMissingTemplateIs404AndABrokenOneA500ThatShowsNoInternals() throws Exception {
    HttpResponse<String> missing = get("/missing", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("template missing.peb not found");

    HttpResponse<String> broken = get("/broken", null);
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.body()).doesNotContain("syntax error", "<script>");
  }

  @Test
  void aTemplatesServiceThatDoesNotAnswerIs504() throws Exception {
    assertThat(get("/silent", null).statusCode()).isEqualTo(504);
  }

  @Test
  void noTemplatesServiceIs503() throws Exception {
    Vertx bare = Vertx.vertx();
    try {
      int p = HttpServers.deploy(bare, new HttpOptions().addRoute(
          new RouteOptions().setPath("/").setKind(RouteOptions.Kind.TEMPLATE).setTemplate("index.peb")));
      HttpResponse<String> res = SquallClient.to(p).get("/");
      assertThat(res.statusCode()).isEqualTo(503);
    } finally {
      bare.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
