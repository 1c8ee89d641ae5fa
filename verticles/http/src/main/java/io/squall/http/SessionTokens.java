package io.squall.http;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How much life a session's own token has left, read from its payload without checking its signature: the token was
 * put in the session by this verticle at login and never came from a client, and the auth service checks it again
 * when it is renewed. A token that cannot be read counts as spent and expired (the renewal then says why).
 */
final class SessionTokens {

  private SessionTokens() {
  }

  /** Whether at least half the time between its {@code iat} and {@code exp} has gone by at {@code now} (epoch s). */
  static boolean halfSpent(String token, long now) {
    JsonObject claims = claims(token);
    long issued = claims == null ? 0 : claims.getLong("iat", 0L);
    long expires = claims == null ? 0 : claims.getLong("exp", 0L);
    return now >= issued + (expires - issued) / 2;
  }

  static boolean expired(String token, long now) {
    JsonObject claims = claims(token);
    return claims == null || now >= claims.getLong("exp", 0L);
  }

  private static JsonObject claims(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
