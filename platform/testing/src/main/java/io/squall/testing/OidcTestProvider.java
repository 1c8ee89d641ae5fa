package io.squall.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenID Connect provider on loopback for tests: discovery, JWKS, an authorize endpoint that approves at
 * once (the user is {@code claims}), and a token endpoint that checks what a real one checks (client secret, one-time
 * code, redirect URI, PKCE S256 verifier) and returns an RS256 ID token. JDK crypto only.
 */
public final class OidcTestProvider {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String clientId;
  private final String clientSecret;
  private final JsonObject claims;
  private final KeyPair keys;
  private final Map<String, JsonObject> codes = new ConcurrentHashMap<>();
  private final AtomicInteger exchanged = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private HttpServer server;

  private OidcTestProvider(String clientId, String clientSecret, JsonObject claims) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.claims = claims;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.keys = generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** @param claims the signed-in user's claims ({@code sub}, {@code name}, {@code roles}, ...) */
  public static Future<OidcTestProvider> start(Vertx vertx, String clientId, String clientSecret, JsonObject claims) {
    OidcTestProvider provider = new OidcTestProvider(clientId, clientSecret, claims);
    Router router = Router.router(vertx);
    router.get("/.well-known/openid-configuration").handler(provider::discovery);
    router.get("/jwks").handler(ctx -> ctx.json(new JsonObject().put("keys", new JsonArray().add(provider.jwk()))));
    router.get("/authorize").handler(provider::authorize);
    router.post("/token").handler(BodyHandler.create()).handler(provider::token);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(server -> {
      provider.server = server;
      return provider;
    });
  }

  /** The issuer URL (OAuth2Options.site). */
  public String site() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Codes exchanged for tokens, and token requests refused (bad secret, code, redirect or verifier). */
  public int exchanged() {
    return exchanged.get();
  }

  public int refused() {
    return refused.get();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void discovery(RoutingContext ctx) {
    String site = site();
    ctx.json(new JsonObject().put("issuer", site).put("authorization_endpoint", site + "/authorize")
        .put("token_endpoint", site + "/token").put("jwks_uri", site + "/jwks")
        .put("response_types_supported", new JsonArray().add("code"))
        .put("subject_types_supported", new JsonArray().add("public"))
        .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"))
        .put("code_challenge_methods_supported", new JsonArray().add("S256")));
  }

  private void authorize(RoutingContext ctx) {
    var q = ctx.queryParams();
    if (!"code".equals(q.get("response_type")) || !clientId.equals(q.get("client_id")) || q.get("redirect_uri") == null
        || q.get("state") == null || q.get("code_challenge") == null || !"S256".equals(q.get("code_challenge_method"))) {
      ctx.response().setStatusCode(400).end("bad authorize request: " + q);
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new JsonObject().put("challenge", q.get("code_challenge")).put("redirect", q.get("redirect_uri")));
    String sep = q.get("redirect_uri").contains("?") ? "&" : "?";
    ctx.redirect(q.get("redirect_uri") + sep + "code=" + code + "&state="
        + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
  }

  private void token(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    String[] client = clientCredentials(ctx);
    JsonObject issued = form.get("code") == null ? null : codes.remove(form.get("code"));
    String verifier = form.get("code_verifier");
    if (!"authorization_code".equals(form.get("grant_type")) || !clientId.equals(client[0])
        || !clientSecret.equals(client[1]) || issued == null || !issued.getString("redirect").equals(form.get("redirect_uri"))
        || verifier == null || !issued.getString("challenge").equals(s256(verifier))) {
      refused.incrementAndGet();
      ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", "invalid_grant").encode());
      return;
    }
    exchanged.incrementAndGet();
    long now = System.currentTimeMillis() / 1000;
    JsonObject idToken = claims.copy().put("iss", site()).put("aud", clientId).put("iat", now).put("exp", now + 300);
    ctx.json(new JsonObject().put("access_token", UUID.randomUUID().toString()).put("token_type", "Bearer")
        .put("expires_in", 300).put("id_token", sign(idToken)));
  }

  private String[] clientCredentials(RoutingContext ctx) {
    String basic = ctx.request().getHeader("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String decoded = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
    return new String[] {ctx.request().getFormAttribute("client_id"), ctx.request().getFormAttribute("client_secret")};
  }

  private JsonObject jwk() {
    RSAPublicKey key = (RSAPublicKey) keys.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", "test").put("use", "sig").put("alg", "RS256")
        .put("n", B64.encodeToString(unsigned(key.getModulus()))).put("e", B64.encodeToString(unsigned(key.getPublicExponent())));
  }

  private String sign(JsonObject payload) {
    String input = B64.encodeToString(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", "test")
        .encode().getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keys.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String s256(String verifier) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }
}
