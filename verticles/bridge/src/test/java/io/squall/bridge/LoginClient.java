package io.squall.bridge;

import io.squall.platform.Sessions;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A browser or API client of the http verticle's login routes: keeps cookies, follows no redirects. */
final class LoginClient {

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final int port;

  LoginClient(int port) {
    this.port = port;
  }

  /** {@code POST /auth/token} as alice. */
  String token() {
    HttpResponse<String> reply = send(request("/auth/token").header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-secret\"}")), 200);
    return new JsonObject(reply.body()).getString("token");
  }

  /** {@code DELETE /auth/token} with the token as bearer (204). */
  void deleteToken(String token) {
    send(request("/auth/token").header("Authorization", "Bearer " + token).DELETE(), 204);
  }

  /** {@code POST /auth/token/refresh} with the token as bearer: the new token. */
  String refresh(String token) {
    HttpResponse<String> reply = send(request("/auth/token/refresh").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()), 200);
    return new JsonObject(reply.body()).getString("token");
  }

  /** The login form as alice (303); returns the session id, the session cookie's value. */
  String formLogin() {
    send(form("/login", "username=alice&password=alice-secret&next=/"), 303);
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(Sessions.DEFAULT_COOKIE)).map(HttpCookie::getValue).findFirst().orElseThrow();
  }

  /** The headers of a socket that a page of this site opens: its session cookie. */
  static MultiMap withSession(String sessionId) {
    return MultiMap.caseInsensitiveMultiMap().add("Cookie", Sessions.DEFAULT_COOKIE + "=" + sessionId);
  }

  /** The logout form (303). */
  void formLogout() {
    send(form("/logout", ""), 303);
  }

  /** The token's claims, read the way any holder can (no signature check). */
  static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private HttpRequest.Builder form(String path, String body) {
    return request(path).header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request, int expected) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new AssertionError(request.build().uri() + ": " + response.statusCode() + " " + response.body());
      }
      return response;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
