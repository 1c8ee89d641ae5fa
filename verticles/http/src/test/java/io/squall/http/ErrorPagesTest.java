package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorPagesTest {

  private static final String SCRIPT = "<script>alert(1)</script>";

  private Vertx vertx;
  private int production;
  private int dev;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    HttpOptions options = new HttpOptions().setAccessLog(false).setRoutes(List.of(
        new RouteOptions().setPath("/fail").setKind(RouteOptions.Kind.HANDLER).setHandler(FailingRoute.class.getName())));
    production = HttpServers.deploy(vertx, options);
    dev = HttpServers.deploy(vertx, new HttpOptions(options).setDev(true));
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static HttpResponse<String> get(int port, String path, String accept) {
    SquallClient client = SquallClient.to(port);
    return accept == null ? client.get(path) : client.get(path, "Accept", accept);
  }

  @Test
  void anUnknownPathWithAScriptInItIsA404PageThatDoesNotReflectIt() throws Exception {
    for (int port : new int[] {production, dev}) {
      for (String target : List.of("/" + SCRIPT, "/x?q=" + SCRIPT, "/%3Cscript%3Ealert(1)%3C/script%3E",
          "/\"><img%20src=x%20onerror=alert(1)>", "/%zz" + SCRIPT)) {
        RawHttp.Response res = RawHttp.get(port, target, "Accept: text/html");
        assertThat(res.status()).as(target).isEqualTo(target.startsWith("/%zz") ? 400 : 404);
        assertThat(res.headers().get("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(res.body()).as(target).contains(String.valueOf(res.status()))
            .doesNotContain("<script", "<img", "alert(1)</");
        assertThat(res.headers().get("content-security-policy")).isNotBlank();
        assertThat(res.headers().get("x-content-type-options")).isEqualTo("nosniff");
      }
    }
  }

  @Test
  void jsonClientsGetTheErrorAsJson() throws Exception {
    RawHttp.Response res = RawHttp.get(production, "/" + SCRIPT, "Accept: application/json");
    assertThat(res.status()).isEqualTo(404);
    assertThat(res.headers().get("content-type")).startsWith("application/json");
    JsonObject body = new JsonObject(res.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(body.getInteger("error")).isEqualTo(404);
    assertThat(body.getString("message")).isEqualTo("Not Found");

    // Route matching throws on a bad escape and Vert.x calls the 400 error handler directly: still 400, still JSON.
    RawHttp.Response badEscape = RawHttp.get(production, "/%zz", "Accept: application/json");
    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(new JsonObject(badEscape.body())).isEqualTo(new JsonObject().put("error", 400)
        .put("message", "Bad Request"));

    HttpResponse<String> failed = get(production, "/fail", "application/json");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(new JsonObject(failed.body())).isEqualTo(new JsonObject().put("error", 500)
        .put("message", "Internal Server Error"));
  }

  @Test
  void aThrowingHandlerIs500WithoutTheExceptionInProduction() throws Exception {
    for (String accept : new String[] {null, "text/html", "application/json"}) {
      HttpResponse<String> res = get(production, "/fail?q=" + "%3Cb%3Einput%3C/b%3E", accept);
      assertThat(res.statusCode()).isEqualTo(500);
      assertThat(res.body()).as(accept).contains("Internal Server Error")
          .doesNotContain(FailingRoute.DETAIL, "IllegalStateException", "input", "at io.squall");
    }
  }

  @Test
  void devModeShowsTheStackTraceEscaped() throws Exception {
    HttpResponse<String> page = get(dev, "/fail?q=" + "%3Cb%3Einput%3C/b%3E", "text/html");
    assertThat(page.statusCode()).isEqualTo(500);
    assertThat(page.body()).contains("<pre>", "java.lang.IllegalStateException: " + FailingRoute.DETAIL
        + " for &lt;&lt;b&gt;input&lt;/b&gt;&gt;", "at io.squall.http.FailingRoute.handle")
        .doesNotContain("<b>input");

    HttpResponse<String> json = get(dev, "/fail?q=x", "application/json");
    assertThat(new JsonObject(json.body()).getString("trace")).contains(FailingRoute.DETAIL);
  }
}
