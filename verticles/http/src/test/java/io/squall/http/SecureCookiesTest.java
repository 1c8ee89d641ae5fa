package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behind a TLS-terminating proxy the connection is plain HTTP: every cookie the app sets is Secure when a trusted proxy
 * says the client used https, as HSTS is, and the header from anyone else changes nothing.
 */
class SecureCookiesTest {

  /** A page with a form: gives the browser its _xsrf cookie. */
  public static class FormPage implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.response().end(Xsrf.formHtml(ctx));
    }
  }

  /** Sets a signed cookie. */
  public static class SignedCookie implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      SignedCookies.of(ctx).set(ctx, "flavour", "mint");
      ctx.response().end("signed");
    }
  }

  /** Sets a cookie of its own, Secure or not as it pleases. */
  public static class OwnCookie implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.response().addCookie(Cookie.cookie("theme", "dark").setPath("/"));
      ctx.response().end("own");
    }
  }

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_LOGIN, m -> {
      if ("alice-secret".equals(m.body().getString("password"))) {
        m.reply(new JsonObject().put("token", "t-alice").put("user", new JsonObject().put("id", "alice")));
      } else {
        m.fail(Failures.UNAUTHENTICATED, "invalid username or password");
      }
    });
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** The test's requests come from 127.0.0.1: a proxy when trusted, a stranger otherwise. */
  private int deploy(String trustedProxies) {
    return HttpServers.deploy(vertx, new HttpOptions().setTrustedProxies(List.of(trustedProxies)).setRoutes(List.of(
        new RouteOptions().setPath("/form").setKind(RouteOptions.Kind.HANDLER).setHandler(FormPage.class.getName()),
        new RouteOptions().setPath("/signed").setKind(RouteOptions.Kind.HANDLER)
            .setHandler(SignedCookie.class.getName()),
        new RouteOptions().setPath("/own").setKind(RouteOptions.Kind.HANDLER).setHandler(OwnCookie.class.getName()))));
  }

  /**
   * Every cookie the app sets on its way through: the _xsrf of a form, the session of a login, signed, own. A new
   * client for each request, the _xsrf cookie sent back by hand: a cookie jar holds a Secure cookie back from plain
   * http, where the browser behind the proxy, on https, sends it.
   */
  private static List<HttpResponse<String>> browse(int port, String forwardedProto) {
    HttpResponse<String> form = client(port, forwardedProto).get("/form");
    String xsrf = value(form, Xsrf.COOKIE);
    HttpResponse<String> login = client(port, forwardedProto).header("Cookie", Xsrf.COOKIE + "=" + xsrf)
        .postForm("/login", Map.of("username", "alice", "password", "alice-secret", "next", "/", Xsrf.FIELD, xsrf));
    assertThat(login.statusCode()).as("login").isEqualTo(303);
    return List.of(form, login, client(port, forwardedProto).get("/signed"), client(port, forwardedProto).get("/own"));
  }

  private static SquallClient client(int port, String forwardedProto) {
    SquallClient client = SquallClient.to(port);
    return forwardedProto == null ? client : client.header("X-Forwarded-Proto", forwardedProto);
  }

  private static String value(HttpResponse<String> response, String name) {
    String header = response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "="))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
    return header.substring(name.length() + 1, header.indexOf(';'));
  }

  private static List<String> setCookies(List<HttpResponse<String>> responses) {
    return responses.stream().flatMap(r -> r.headers().allValues("set-cookie").stream()).toList();
  }

  @Test
  void behindATrustedProxyWithForwardedProtoHttpsEveryCookieIsSecure() throws Exception {
    List<HttpResponse<String>> responses = browse(deploy("127.0.0.1"), "https");

    List<String> cookies = setCookies(responses);
    assertThat(cookies).extracting(c -> c.substring(0, c.indexOf('=')))
        .as("each set once: the _xsrf cookie the browser sent back is not sent again")
        .containsExactly(Xsrf.COOKIE, HttpOptions.DEFAULT_SESSION_COOKIE, "flavour", "theme");
    assertThat(cookies).allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
    assertThat(responses).allSatisfy(r -> assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent());
  }

  @Test
  void theForwardedProtoOfAnUntrustedPeerIsIgnored() throws Exception {
    List<HttpResponse<String>> responses = browse(deploy("10.0.0.0/8"), "https");

    assertThat(setCookies(responses)).hasSize(4).noneSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
    assertThat(responses).allSatisfy(r -> assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty());
  }

  @Test
  void aTrustedProxyThatForwardsPlainHttpGetsNoSecureCookies() throws Exception {
    assertThat(setCookies(browse(deploy("127.0.0.1"), "http")))
        .hasSize(4).noneSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
    assertThat(setCookies(browse(deploy("127.0.0.1"), null)))
        .hasSize(4).noneSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
  }
}
