package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XsrfTest {

  /** A page with a form: answers with the masked token and the form field, as a template would render them. */
  public static class FormPage implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.json(new JsonObject().put("token", Xsrf.token(ctx)).put("html", Xsrf.formHtml(ctx)));
    }
  }

  /** A browser's view of a page: its _xsrf cookie and the masked token the page carried. */
  private record Page(String cookie, String token, String html) {
  }

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer("orders.create", m -> m.reply(m.body()));
    // the auth verticle's verify: any bearer token is api-user's
    vertx.eventBus().<JsonObject>consumer(io.squall.platform.Addresses.AUTH_VERIFY, m -> m.reply(new JsonObject()
        .put("user", new JsonObject().put("id", "api-user").put("name", "API").put("roles", new io.vertx.core.json.JsonArray()))));
    port = HttpServers.deploy(vertx, new HttpOptions().setRoutes(List.of(
        new RouteOptions().setPath("/form").setKind(RouteOptions.Kind.HANDLER).setMethods(List.of("GET"))
            .setHandler(FormPage.class.getName()),
        new RouteOptions().setPath("/orders").setKind(RouteOptions.Kind.BUS).setAddress("orders.create")
            .setMethods(List.of("POST", "PUT", "PATCH", "DELETE")))));
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs the form page, as a browser holding {@code cookie} (null: a new browser). */
  private Page page(String cookie) throws Exception {
    HttpRequest.Builder get = request("/form").GET();
    if (cookie != null) {
      get.header("cookie", Xsrf.COOKIE + "=" + cookie);
    }
    HttpResponse<String> res = send(get);
    assertThat(res.statusCode()).isEqualTo(200);
    String set = res.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(Xsrf.COOKIE + "="))
        .findFirst().orElse(null);
    String value = set == null ? cookie : set.substring(Xsrf.COOKIE.length() + 1, set.indexOf(';'));
    JsonObject body = new JsonObject(res.body());
    return new Page(value, body.getString("token"), body.getString("html"));
  }

  private HttpResponse<String> postForm(String cookie, String form) throws Exception {
    HttpRequest.Builder post = request("/orders").header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      post.header("cookie", Xsrf.COOKIE + "=" + cookie);
    }
    return send(post);
  }

  private HttpResponse<String> sendJson(String method, String cookie, String header, String token) throws Exception {
    HttpRequest.Builder req = request("/orders").header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\"}"));
    if (cookie != null) {
      req.header("cookie", Xsrf.COOKIE + "=" + cookie);
    }
    if (header != null) {
      req.header(header, token);
    }
    return send(req);
  }

  private static String field(String token) {
    return "&" + Xsrf.FIELD + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  @Test
  void getNeverNeedsATokenAndGivesANewBrowserAScriptReadableLaxCookie() throws Exception {
    HttpResponse<String> res = send(request("/form").GET());
    assertThat(res.statusCode()).isEqualTo(200);
    String set = res.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("_xsrf=")).findFirst()
        .orElseThrow();
    assertThat(set).contains("Path=/").contains("SameSite=Lax").doesNotContainIgnoringCase("HttpOnly");
  }

  @Test
  void getWithTheCookieDoesNotSetItAgain() throws Exception {
    Page first = page(null);
    HttpResponse<String> res = send(request("/form").header("cookie", "_xsrf=" + first.cookie()).GET());
    assertThat(res.headers().allValues("set-cookie")).isEmpty();
  }

  @Test
  void rejectsPostWithoutXsrfToken() throws Exception {
    Page page = page(null);
    HttpResponse<String> res = postForm(page.cookie(), "item=tea");
    assertThat(res.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(res.body()).getString("message")).contains("_xsrf form field").contains("X-XSRFToken");
  }

  @Test
  void rejectsPostWithoutXsrfCookie() throws Exception {
    Page page = page(null);
    HttpResponse<String> res = postForm(null, "item=tea" + field(page.token()));
    assertThat(res.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(res.body()).getString("message")).contains("cookie");
  }

  @Test
  void rejectsAWrongTokenWithoutReflectingIt() throws Exception {
    Page page = page(null);
    for (String wrong : List.of("2|00000000|" + "0".repeat(32), "<script>alert(1)</script>", page.cookie() + "0")) {
      HttpResponse<String> res = postForm(page.cookie(), "item=tea" + field(wrong));
      assertThat(res.statusCode()).isEqualTo(403);
      assertThat(res.body()).doesNotContain("script").doesNotContain("00000000");
    }
  }

  @Test
  void rejectsATokenFromAnotherUsersPage() throws Exception {
    Page mine = page(null);
    Page theirs = page(null);
    assertThat(postForm(mine.cookie(), "item=tea" + field(theirs.token())).statusCode()).isEqualTo(403);
    assertThat(sendJson("POST", mine.cookie(), Xsrf.HEADER, theirs.cookie()).statusCode()).isEqualTo(403);
  }

  @Test
  void acceptsTheMaskedTokenInTheFormFieldAndKeepsItOutOfTheMessage() throws Exception {
    Page page = page(null);
    HttpResponse<String> res = postForm(page.cookie(), "item=tea" + field(page.token()));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(res.body())).isEqualTo(new JsonObject().put("item", "tea"));
  }

  @Test
  void acceptsTheMaskedTokenInEitherHeaderForJsonBodies() throws Exception {
    Page page = page(null);
    assertThat(sendJson("POST", page.cookie(), "X-XSRFToken", page.token()).statusCode()).isEqualTo(200);
    assertThat(sendJson("POST", page.cookie(), "X-CSRFToken", page.token()).statusCode()).isEqualTo(200);
  }

  @Test
  void acceptsTheCookieValueItselfAsTheHeaderAsScriptsSendIt() throws Exception {
    Page page = page(null);
    assertThat(sendJson("POST", page.cookie(), Xsrf.HEADER, page.cookie()).statusCode()).isEqualTo(200);
  }

  @Test
  void everyStateChangingMethodNeedsAToken() throws Exception {
    Page page = page(null);
    for (String method : List.of("PUT", "PATCH", "DELETE")) {
      assertThat(sendJson(method, page.cookie(), null, null).statusCode()).as(method).isEqualTo(403);
      assertThat(sendJson(method, page.cookie(), Xsrf.HEADER, page.token()).statusCode()).as(method).isEqualTo(200);
    }
  }

  @Test
  void twoPagesCarryDifferentMaskedTokensThatBothValidate() throws Exception {
    Page first = page(null);
    Page second = page(first.cookie());
    assertThat(second.cookie()).isEqualTo(first.cookie());
    assertThat(second.token()).isNotEqualTo(first.token());
    assertThat(postForm(first.cookie(), "item=tea" + field(first.token())).statusCode()).isEqualTo(200);
    assertThat(postForm(first.cookie(), "item=tea" + field(second.token())).statusCode()).isEqualTo(200);
  }

  @Test
  void formHtmlIsAHiddenInputWithThePagesToken() throws Exception {
    Page page = page(null);
    assertThat(page.token()).matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}");
    assertThat(page.html()).isEqualTo("<input type=\"hidden\" name=\"_xsrf\" value=\"" + page.token() + "\">");
  }

  @Test
  void bearerRequestNeedsNoToken() throws Exception {
    HttpResponse<String> res = sendJson("POST", null, "Authorization", "Bearer some-api-token");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().allValues("set-cookie")).isEmpty();
  }

  @Test
  void otherAuthorizationSchemesStillNeedAToken() throws Exception {
    Page page = page(null);
    assertThat(sendJson("POST", page.cookie(), "Authorization", "Basic YWxpY2U6c2VjcmV0").statusCode())
        .isEqualTo(403);
  }
}
