package io.squall.bridge;

import io.squall.platform.Sessions;
import io.squall.testing.SquallClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** alice at the http verticle's login routes ({@link SquallClient}: cookies kept, no redirects followed). */
final class LoginClient {

  private final SquallClient client;

  LoginClient(int port) {
    this.client = SquallClient.to(port);
  }

  /** {@code POST /auth/token} as alice. */
  String token() {
    HttpResponse<String> reply = expect(client.postJson("/auth/token",
        new JsonObject().put("username", "alice").put("password", "alice-secret")), 200);
    return new JsonObject(reply.body()).getString("token");
  }

  /** {@code DELETE /auth/token} with the token as bearer (204). */
  void deleteToken(String token) {
    expect(client.send(client.request("/auth/token").header("Authorization", "Bearer " + token).DELETE()), 204);
  }

  /** {@code POST /auth/token/refresh} with the token as bearer: the new token. */
  String refresh(String token) {
    HttpResponse<String> reply = expect(client.send(client.request("/auth/token/refresh")
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())), 200);
    return new JsonObject(reply.body()).getString("token");
  }

  /** The login form as alice (303); returns the session id, the session cookie's value. */
  String formLogin() {
    expect(client.postForm("/login", Map.of("username", "alice", "password", "alice-secret", "next", "/")), 303);
    return client.cookie(Sessions.DEFAULT_COOKIE);
  }

  /** The headers of a socket that a page of this site opens: its session cookie. */
  static Map<String, String> withSession(String sessionId) {
    return Map.of("Cookie", Sessions.DEFAULT_COOKIE + "=" + sessionId);
  }

  /** The logout form (303). */
  void formLogout() {
    expect(client.postForm("/logout", Map.of()), 303);
  }

  /** The token's claims, read the way any holder can (no signature check). */
  static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError(response.uri() + ": " + response.statusCode() + " " + response.body());
    }
    return response;
  }
}
