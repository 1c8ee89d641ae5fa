package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** A browser's view of a page: the browser, its _xsrf cookie and the masked token the page carried. */
  private record Page(SquallClient browser, String cookie, String token, String html) {
  }

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

  /** A new browser: no cookies yet; it asks for JSON. */
  private SquallClient browser() {
    return SquallClient.to(port).header("accept", "application/json");
  }

  /** A new browser's GET of the form page. */
  private Page page() {
    return page(browser());
  }

  /** {@code browser}'s GET of the form page: its _xsrf cookie is the one the page set, or the one it sent. */
  private static Page page(SquallClient browser) {
    HttpResponse<String> res = browser.get("/form");
    assertThat(res.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(res.body());
    return new Page(browser, browser.cookie(Xsrf.COOKIE), body.getString("token"), body.getString("html"));
  }

  /** Posts the form {@code item=tea} with {@code token} as its _xsrf field (none when null), nothing added. */
  private static HttpResponse<String> postForm(SquallClient browser, String token) {
    Map<String, String> form = new LinkedHashMap<>(Map.of("item", "tea"));
    if (token != null) {
      form.put(Xsrf.FIELD, token);
    }
    return browser.postForm("/orders", form, false);
  }

  private static HttpResponse<String> sendJson(String method, SquallClient browser, String header, String token) {
    HttpRequest.Builder req = browser.request("/orders").header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\"}"));
    if (header != null) {
      req.header(header, token);
    }
    return browser.send(req);
  }

  @Test
  void getNeverNeedsATokenAndGivesANewBrowserAScriptReadableLaxCookie() throws Exception {
    HttpResponse<String> res = browser().get("/form");
    assertThat(res.statusCode()).isEqualTo(200);
    String set = res.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("_xsrf=")).findFirst()
        .orElseThrow();
    assertThat(set).contains("Path=/").contains("SameSite=Lax").doesNotContainIgnoringCase("HttpOnly");
  }

  @Test
  void getWithTheCookieDoesNotSetItAgain() throws Exception {
    Page first = page();
    HttpResponse<String> res = first.browser().get("/form");
    assertThat(res.headers().allValues("set-cookie")).isEmpty();
  }

  @Test
  void rejectsPostWithoutXsrfToken() throws Exception {
    Page page = page();
    HttpResponse<String> res = postForm(page.browser(), null);
    assertThat(res.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(res.body()).getString("message")).contains("_xsrf form field").contains("X-XSRFToken");
  }

  @Test
  void rejectsPostWithoutXsrfCookie() throws Exception {
    Page page = page();
    HttpResponse<String> res = postForm(browser(), page.token());
    assertThat(res.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(res.body()).getString("message")).contains("cookie");
  }

  @Test
  void rejectsAWrongTokenWithoutReflectingIt() throws Exception {
    Page page = page();
    for (String wrong : List.of("2|00000000|" + "0".repeat(32), "<script>alert(1)</script>", page.cookie() + "0")) {
      HttpResponse<String> res = postForm(page.browser(), wrong);
      assertThat(res.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(res.body()).getString("message"))
          .isEqualTo("XSRF check failed: the token does not match the _xsrf cookie");
      assertThat(res.body()).doesNotContain("script").doesNotContain("00000000");
    }
  }

  @Test
  void rejectsATokenFromAnotherUsersPage() throws Exception {
    Page mine = page();
    Page theirs = page();
    assertThat(postForm(mine.browser(), theirs.token()).statusCode()).isEqualTo(403);
    assertThat(sendJson("POST", mine.browser(), Xsrf.HEADER, theirs.cookie()).statusCode()).isEqualTo(403);
  }

  @Test
  void acceptsTheMaskedTokenInTheFormFieldAndKeepsItOutOfTheMessage() throws Exception {
    Page page = page();
    HttpResponse<String> res = postForm(page.browser(), page.token());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(res.body())).isEqualTo(new JsonObject().put("item", "tea"));
  }

  @Test
  void acceptsTheMaskedTokenInEitherHeaderForJsonBodies() throws Exception {
    Page page = page();
    assertThat(sendJson("POST", page.browser(), "X-XSRFToken", page.token()).statusCode()).isEqualTo(200);
    assertThat(sendJson("POST", page.browser(), "X-CSRFToken", page.token()).statusCode()).isEqualTo(200);
  }

  @Test
  void acceptsTheCookieValueItselfAsTheHeaderAsScriptsSendIt() throws Exception {
    Page page = page();
    assertThat(sendJson("POST", page.browser(), Xsrf.HEADER, page.cookie()).statusCode()).isEqualTo(200);
  }

  @Test
  void everyStateChangingMethodNeedsAToken() throws Exception {
    Page page = page();
    for (String method : List.of("PUT", "PATCH", "DELETE")) {
      assertThat(sendJson(method, page.browser(), null, null).statusCode()).as(method).isEqualTo(403);
      assertThat(sendJson(method, page.browser(), Xsrf.HEADER, page.token()).statusCode()).as(method).isEqualTo(200);
    }
  }

  @Test
  void twoPagesCarryDifferentMaskedTokensThatBothValidate() throws Exception {
    Page first = page();
    Page second = page(first.browser());
    assertThat(second.cookie()).isEqualTo(first.cookie());
    assertThat(second.token()).isNotEqualTo(first.token());
    assertThat(postForm(first.browser(), first.token()).statusCode()).isEqualTo(200);
    assertThat(postForm(first.browser(), second.token()).statusCode()).isEqualTo(200);
  }

  @Test
  void formHtmlIsAHiddenInputWithThePagesToken() throws Exception {
    Page page = page();
    assertThat(page.token()).matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}");
    assertThat(page.html()).isEqualTo("<input type=\"hidden\" name=\"_xsrf\" value=\"" + page.token() + "\">");
  }

  @Test
  void bearerRequestNeedsNoToken() throws Exception {
    HttpResponse<String> res = sendJson("POST", browser(), "Authorization", "Bearer some-api-token");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().allValues("set-cookie")).isEmpty();
  }

  @Test
  void otherAuthorizationSchemesStillNeedAToken() throws Exception {
    Page page = page();
    assertThat(sendJson("POST", page.browser(), "Authorization", "Basic YWxpY2U6c2VjcmV0").statusCode())
        .isEqualTo(403);
  }
}
