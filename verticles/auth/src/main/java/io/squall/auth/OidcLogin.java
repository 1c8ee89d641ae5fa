package io.squall.auth;

import com.hazelcast.map.IMap;
import io.squall.platform.Failures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect login (vertx-auth-oauth2): the authorization-code flow with PKCE (S256) and a one-time state.
 *
 * <p>{@code start} makes a state and a code verifier, keeps them cluster-wide for {@code loginTimeout} seconds and
 * returns the provider's authorize URL; the browser comes back to the http verticle's callback on any node, which
 * hands {@code {code, state}} to {@code callback}: the state is taken (once), the code exchanged with its verifier,
 * the ID token checked (signature against the provider's JWKS, issuer, audience, expiry) and its claims mapped
 * to a Squall user {@code oidc:<sub>} with a Squall token.
 */
final class OidcLogin {

  static final String PENDING_MAP = "squall.auth.oidc";

  private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final OidcOptions options;
  private final String clientSecret;
  private final IMap<String, String> pending;
  private Future<OAuth2Auth> provider;

  OidcLogin(Vertx vertx, OidcOptions options, String clientSecret, IMap<String, String> pending) {
    this.vertx = vertx;
    this.options = options;
    this.clientSecret = clientSecret;
    this.pending = pending;
  }

  /** Discovery; a provider that is down now is asked again at the next login instead of failing the node. */
  Future<OAuth2Auth> provider() {
    if (provider == null || provider.failed()) {
      provider = OpenIDConnectAuth.discover(vertx, new OAuth2Options().setSite(options.getSite())
              .setClientId(options.getClientId()).setClientSecret(clientSecret))
          .onFailure(e -> log.warn("auth: OpenID Connect discovery at {} failed: {}", options.getSite(), e.getMessage()));
    }
    return provider;
  }

  /** @return {@code {url, state}}: send the browser to {@code url}, bind {@code state} to it (a cookie) */
  Future<JsonObject> start(Context context, String next) {
    String state = random();
    String verifier = random();
    JsonObject flow = new JsonObject().put("verifier", verifier).put("next", next);
    return provider().compose(oauth2 -> Future.fromCompletionStage(
            pending.setAsync(state, flow.encode(), options.getLoginTimeout(), TimeUnit.SECONDS), context)
        .map(v -> new JsonObject().put("state", state).put("url", oauth2.authorizeURL(new OAuth2AuthorizationURL()
            .setRedirectUri(options.getRedirectUri()).setScopes(options.getScopes()).setState(state)
            .setCodeChallenge(challenge(verifier)).setCodeChallengeMethod("S256")))))
        .recover(e -> Future.failedFuture(Failures.of(Failures.UNAVAILABLE, "the identity provider is not available")));
  }

  /** @return {@code {user, next}} for a code and the state it came with */
  Future<JsonObject> callback(Context context, String code, String state) {
    return Future.fromCompletionStage(pending.removeAsync(state), context).compose(json -> {
      if (json == null) {
        return Future.failedFuture(Failures.badRequest("this login has expired or was already used; log in again"));
      }
      JsonObject flow = new JsonObject(json);
      return provider().compose(oauth2 -> oauth2.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE)
              .setCode(code).setRedirectUri(options.getRedirectUri()).setCodeVerifier(flow.getString("verifier"))))
          .recover(e -> {
            log.warn("auth: OpenID Connect code exchange failed: {}", e.getMessage());
            return Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED, "the identity provider refused the login"));
          })
          .map(user -> new JsonObject().put("user", map(user)).put("next", flow.getString("next")));
    });
  }

  /** ID token claims -> {@code {id, name, roles}}; the id is namespaced so no provider account can be a local user. */
  private JsonObject map(User user) {
    JsonObject claims = user.attributes().getJsonObject("idToken", new JsonObject());
    String sub = claims.getString("sub");
    if (sub == null) {
      throw Failures.of(Failures.UNAUTHENTICATED, "the identity provider sent no subject");
    }
    JsonArray roles = new JsonArray();
    options.getDefaultRoles().forEach(roles::add);
    if (claims.getValue(options.getRolesClaim()) instanceof JsonArray given) {
      given.forEach(role -> {
        if (role instanceof String r && !roles.contains(r)) {
          roles.add(r);
        }
      });
    }
    String name = claims.getString(options.getNameClaim(), claims.getString(options.getUsernameClaim(), sub));
    return new JsonObject().put("id", "oidc:" + sub).put("name", name).put("roles", roles);
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
