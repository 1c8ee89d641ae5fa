package io.squall.auth;

import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.squall.platform.Failures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Squall's JWTs: issued with {@code sub}, {@code name}, {@code roles}, a random {@code jti}, {@code auth_time},
 * {@code iss}, {@code aud}, {@code exp} and the signing key's {@code kid}; verified locally against every configured
 * key (so a rotated-out key keeps verifying until its tokens expire) and against the cluster's revocation list.
 *
 * <p>The revocation list is a Hazelcast ReplicatedMap: every node holds a full copy, so the check on each verify is a
 * local lookup, and a revocation reaches the other nodes asynchronously (milliseconds on a LAN). Entries expire when
 * the token they revoke would have, so the list stays as small as the number of live revoked tokens.
 *
 * <p>A refresh spends its token once, cluster-wide: the token's id is claimed in a Hazelcast map ({@code putIfAbsent} on
 * the key's owner, a compare-and-set) before a new token is issued. The revocation list cannot do that: a
 * ReplicatedMap is written locally and copied later, so concurrent refreshes all found the token unrevoked.
 *
 * <p>{@code alg: none} is refused by vertx-auth's JWT (secure mode); algorithm confusion (an HS256 token "signed"
 * with an RS256 public key) fails because a token's algorithm picks among the keys configured for that algorithm.
 */
final class Tokens {

  static final String REVOKED_MAP = "squall.auth.revoked";
  /** Ids of tokens a refresh has spent, until the token would have expired. */
  static final String REFRESHED_MAP = "squall.auth.refreshed";

  private final JWTAuth signer;
  private final JWTAuth verifier;
  /** The same checks but expiry: for a session's own token, which may outlive its {@code exp}. */
  private final JWTAuth sessionVerifier;
  private final JWTOptions signOptions;
  private final AuthOptions options;
  private final ReplicatedMap<String, Long> revoked;
  private final IMap<String, Long> refreshed;

  Tokens(Vertx vertx, AuthOptions options, JwtKeys.Loaded keys, ReplicatedMap<String, Long> revoked,
      IMap<String, Long> refreshed) {
    this.options = options;
    this.revoked = revoked;
    this.refreshed = refreshed;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().setPubSecKeys(keys.signing()));
    this.verifier = JWTAuth.create(vertx, new JWTAuthOptions().setPubSecKeys(keys.verifying())
        .setJWTOptions(new JWTOptions().setIssuer(options.getIssuer()).setAudience(List.of(options.getAudience()))));
    this.sessionVerifier = JWTAuth.create(vertx, new JWTAuthOptions().setPubSecKeys(keys.verifying())
        .setJWTOptions(new JWTOptions().setIssuer(options.getIssuer()).setAudience(List.of(options.getAudience()))
            .setIgnoreExpiration(true)));
    this.signOptions = new JWTOptions().setAlgorithm(keys.signingAlgorithm()).setIssuer(options.getIssuer())
        .setAudience(List.of(options.getAudience())).setExpiresInSeconds(options.getTokenTtl());
  }

  /** A token for {@code user} ({@code {id, name, roles}}); {@code authTime} is when the user proved who they are. */
  String issue(JsonObject user, long authTime) {
    JsonObject claims = new JsonObject().put("sub", user.getString("id"))
        .put("name", user.getString("name", user.getString("id")))
        .put("roles", user.getJsonArray("roles", new JsonArray()))
        .put("jti", UUID.randomUUID().toString())
        .put("auth_time", authTime);
    return signer.generateToken(claims, signOptions);
  }

  /** The token's claims, or a 401 saying why not (signature, expiry, issuer, audience, revocation). */
  Future<JsonObject> verify(String token) {
    return unrevoked(decode(token));
  }

  /**
   * As {@link #verify}, but an expired token passes: a session's own token, which the http verticle holds for a
   * session that lasts longer than a token ({@code maxSessionAge}); the session, not the token, is the credential.
   */
  Future<JsonObject> verifySessionToken(String token) {
    return unrevoked(decode(token, sessionVerifier));
  }

  private Future<JsonObject> unrevoked(Future<JsonObject> decoded) {
    return decoded.compose(claims -> revoked.containsKey(claims.getString("jti", ""))
        ? Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED, "the token was revoked"))
        : Future.succeededFuture(claims));
  }

  /** Claims of a validly signed, unexpired token, revoked or not. */
  Future<JsonObject> decode(String token) {
    return decode(token, verifier);
  }

  private static Future<JsonObject> decode(String token, JWTAuth verifier) {
    if (token == null || token.isEmpty() || token.length() > 8192) {
      return Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED, "the token is not valid"));
    }
    return verifier.authenticate(new TokenCredentials(token))
        .map(user -> user.attributes().getJsonObject("accessToken"))
        .recover(e -> Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED,
            String.valueOf(e.getMessage()).contains("expired") ? "the token has expired" : "the token is not valid")))
        .compose(claims -> claims.getString("jti") == null || claims.getString("sub") == null
            ? Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED, "the token is not valid"))
            : Future.succeededFuture(claims));
  }

  /** Revokes the token of {@code claims} on every node until it would have expired anyway. */
  void revoke(JsonObject claims) {
    revoked.put(claims.getString("jti"), claims.getLong("exp", 0L), secondsLeft(claims), TimeUnit.SECONDS);
  }

  /**
   * Claims the token of {@code claims} for one refresh: true for the first caller in the cluster, false for every
   * other, however close together they come.
   */
  Future<Boolean> claimForRefresh(Context context, JsonObject claims) {
    // IMap has no asynchronous putIfAbsent; a worker thread waits for the key's owner
    return context.executeBlocking(() -> refreshed.putIfAbsent(claims.getString("jti"), claims.getLong("exp", 0L),
        secondsLeft(claims), TimeUnit.SECONDS) == null, false);
  }

  /** Seconds until the token of {@code claims} expires, at least 1: how long a record about it is worth keeping. */
  static long secondsLeft(JsonObject claims) {
    return Math.max(1, claims.getLong("exp", 0L) - System.currentTimeMillis() / 1000 + 1);
  }

  /** Whether a token of {@code claims} may still be exchanged for a fresh one. */
  boolean refreshable(JsonObject claims) {
    long authTime = claims.getLong("auth_time", 0L);
    return authTime + options.getMaxSessionAge() > System.currentTimeMillis() / 1000;
  }

  static JsonObject user(JsonObject claims) {
    return new JsonObject().put("id", claims.getString("sub")).put("name", claims.getString("name", claims.getString("sub")))
        .put("roles", claims.getValue("roles") instanceof JsonArray roles ? roles : new JsonArray());
  }
}
