package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CSP, nosniff, Referrer-Policy, X-Frame-Options on every response, errors included, unless a handler set its own. */
class SecurityHeadersTest {

  private static final String OWN_CSP = "default-src 'none'; img-src https://img.example";

  private Vertx vertx;

  private static HttpOptions options() {
    return new HttpOptions().setAccessLog(false).setRoutes(List.of(
        BodyRoute.route("/page", "text/html; charset=utf-8", 100),
        BodyRoute.route("/own-csp", "text/html; charset=utf-8", 100)
            .setConfig(new JsonObject().put("type", "text/html").put("csp", OWN_CSP)),
        BodyRoute.route("/broken", "text/html", 100).setConfig(new JsonObject().put("fail", true))));
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static HttpResponse<String> get(int port, String path) {
    return SquallClient.to(port).get(path);
  }

  private static void assertDefaults(HttpHeaders headers) {
    assertThat(headers.allValues("content-security-policy"))
        .containsExactly(HttpOptions.DEFAULT_CONTENT_SECURITY_POLICY);
    assertThat(headers.allValues("x-content-type-options")).containsExactly("nosniff");
    assertThat(headers.allValues("referrer-policy")).containsExactly("strict-origin-when-cross-origin");
    assertThat(headers.allValues("x-frame-options")).containsExactly("DENY");
    assertThat(headers.firstValue("strict-transport-security")).isEmpty(); // plain HTTP: TlsTest has the TLS side
  }

  @Test
  void defaultsOnAPage() throws Exception {
    assertThat(HttpOptions.DEFAULT_CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'", "object-src 'none'");
    HttpResponse<String> res = get(HttpServers.deploy(vertx, options()), "/page");
    assertThat(res.statusCode()).isEqualTo(200);
    assertDefaults(res.headers());
  }

  @Test
  void defaultsOnErrorPages() throws Exception {
    int port = HttpServers.deploy(vertx, options());
    HttpResponse<String> missing = get(port, "/missing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertDefaults(missing.headers());
    HttpResponse<String> broken = get(port, "/broken");
    assertThat(broken.statusCode()).isEqualTo(500);
    assertDefaults(broken.headers());
  }

  @Test
  void valuesAreConfigurable() throws Exception {
    int port = HttpServers.deploy(vertx, options().setContentSecurityPolicy("default-src 'self' https://cdn.example")
        .setFrameOptions("SAMEORIGIN").setReferrerPolicy("no-referrer"));
    for (String path : List.of("/page", "/missing")) {
      HttpHeaders headers = get(port, path).headers();
      assertThat(headers.allValues("content-security-policy"))
          .containsExactly("default-src 'self' https://cdn.example");
      assertThat(headers.allValues("x-frame-options")).containsExactly("SAMEORIGIN");
      assertThat(headers.allValues("referrer-policy")).containsExactly("no-referrer");
      assertThat(headers.allValues("x-content-type-options")).containsExactly("nosniff");
    }
  }

  @Test
  void anEmptyValueLeavesTheHeaderOut() throws Exception {
    int port = HttpServers.deploy(vertx, options().setContentSecurityPolicy("").setFrameOptions("")
        .setReferrerPolicy(""));
    HttpHeaders headers = get(port, "/page").headers();
    assertThat(headers.firstValue("content-security-policy")).isEmpty();
    assertThat(headers.firstValue("x-frame-options")).isEmpty();
    assertThat(headers.firstValue("referrer-policy")).isEmpty();
    assertThat(headers.allValues("x-content-type-options")).containsExactly("nosniff");
  }

  @Test
  void aHandlersOwnPolicyIsKept() throws Exception {
    HttpResponse<String> res = get(HttpServers.deploy(vertx, options()), "/own-csp");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().allValues("content-security-policy")).containsExactly(OWN_CSP);
    assertThat(res.headers().allValues("x-frame-options")).containsExactly("DENY");
  }

  @Test
  void aPolicyAHeaderCannotCarryStopsTheVerticleWithTheHeaderNamed() {
    // the values go out as pre-made ASCII bytes: a non-ASCII char would be mangled, a line break would split the head
    for (String policy : List.of("default-src 'self' caf\u00e9.example", "default-src 'self'\r\nSet-Cookie: x=1")) {
      assertThatThrownBy(() -> HttpServers.deploy(vertx,
          options().setContentSecurityPolicy(policy)))
          .hasMessageContaining("contentSecurityPolicy: ")
          .hasMessageContaining("is not a header value (printable ASCII: no line break, no accented letter)");
    }
  }

  @Test
  void optionsRoundTripThroughJson() {
    HttpOptions options = new HttpOptions(new JsonObject().put("contentSecurityPolicy", "default-src 'none'")
        .put("frameOptions", "SAMEORIGIN").put("referrerPolicy", "no-referrer"));
    HttpOptions copy = new HttpOptions(options.toJson());
    assertThat(copy.getContentSecurityPolicy()).isEqualTo("default-src 'none'");
    assertThat(copy.getFrameOptions()).isEqualTo("SAMEORIGIN");
    assertThat(copy.getReferrerPolicy()).isEqualTo("no-referrer");
    HttpOptions defaults = new HttpOptions(new JsonObject());
    assertThat(defaults.getFrameOptions()).isEqualTo("DENY");
    assertThat(defaults.getReferrerPolicy()).isEqualTo("strict-origin-when-cross-origin");
  }
}
