package io.squall.auth;

import static io.squall.auth.AuthTesting.ask;
import static io.squall.auth.AuthTesting.await;
import static io.squall.auth.AuthTesting.login;
import static io.squall.auth.AuthTesting.refused;
import static io.squall.auth.AuthTesting.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Addresses;
import io.squall.testing.SquallProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a token must survive: tampering, {@code alg: none}, HS/RS confusion, expiry; and key rotation. */
class TokensTest {

  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private String rootToken() {
    return login(vertx, "root", "root-secret-1", null).getString("token");
  }

  private String aliceToken() {
    return login(vertx, "alice", "alice-secret", null).getString("token");
  }

  private void assertRefused(String token) {
    var refused = refused(vertx, Addresses.AUTH_VERIFY, token(token));
    assertThat(refused.failureCode()).isEqualTo(401);
    assertThat(refused.getMessage()).isEqualTo("the token is not valid");
  }

  @Test
  void aTamperedPayloadIsRefused() {
    AuthTesting.deploy(vertx, AuthTesting.options(dir));
    String[] parts = aliceToken().split("\\.");
    JsonObject claims = Jwts.payload(parts[0] + "." + parts[1]);
    claims.put("roles", new JsonArray().add("user").add("admin"));

    assertRefused(parts[0] + "." + Jwts.part(claims) + "." + parts[2]);
  }

  @Test
  void algNoneIsRefused() {
    AuthTesting.deploy(vertx, AuthTesting.options(dir));
    JsonObject claims = Jwts.payload(aliceToken());

    for (String alg : new String[] {"none", "None", "NONE"}) {
      String unsigned = Jwts.part(new JsonObject().put("alg", alg).put("typ", "JWT")) + "." + Jwts.part(claims);
      assertRefused(unsigned + ".");
      assertRefused(unsigned);
    }
  }

  @Test
  void anHs256TokenSignedWithTheRsaPublicKeyIsRefused() {
    // The classic confusion: a verifier that takes the token's word for the algorithm would check an HMAC keyed
    // with the (public!) RSA key. Configure an RS256 signing key and an unrelated HS256 key, as in a migration.
    KeyPair rsa = Jwts.rsa();
    String publicPem = Jwts.pem("PUBLIC KEY", rsa.getPublic().getEncoded());
    Path pub = AuthTesting.write(dir.resolve("rs.pub"), publicPem);
    Path key = AuthTesting.write(dir.resolve("rs.key"), Jwts.pem("PRIVATE KEY", rsa.getPrivate().getEncoded()));
    AuthOptions options = AuthTesting.options(dir).setSigningKey("rs1").addKey(new JwtKeyOptions().setKid("rs1")
        .setAlgorithm("RS256").setPublicKeyFile(pub.toString()).setPrivateKeyFile(key.toString()));
    AuthTesting.deploy(vertx, options);
    String token = aliceToken();
    JsonObject claims = Jwts.payload(token);
    assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
        .contains("\"RS256\"").contains("\"rs1\"");
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(token)).getJsonObject("user").getString("id")).isEqualTo("alice");

    for (String kid : new String[] {"rs1", "k1", null}) {
      JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", kid);
      assertRefused(Jwts.hmac(header, claims, publicPem.getBytes(StandardCharsets.UTF_8)));
      assertRefused(Jwts.hmac(header, claims, rsa.getPublic().getEncoded()));
    }
  }

  @Test
  void es256KeysSignAndVerify() throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    KeyPair ec = generator.generateKeyPair();
    Path pub = AuthTesting.write(dir.resolve("ec.pub"), Jwts.pem("PUBLIC KEY", ec.getPublic().getEncoded()));
    Path key = AuthTesting.write(dir.resolve("ec.key"), Jwts.pem("PRIVATE KEY", ec.getPrivate().getEncoded()));
    AuthTesting.deploy(vertx, AuthTesting.options(dir).setSigningKey("ec1").addKey(new JwtKeyOptions().setKid("ec1")
        .setAlgorithm("ES256").setPublicKeyFile(pub.toString()).setPrivateKeyFile(key.toString())));

    String token = aliceToken();

    assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
        .contains("\"ES256\"");
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(token)).getJsonObject("user").getString("id")).isEqualTo("alice");
  }

  @Test
  void anExpiredTokenIsRefusedAsExpired() {
    AuthTesting.deploy(vertx, AuthTesting.options(dir).setTokenTtl(1));
    String token = aliceToken();
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(token)).getJsonObject("user").getString("id")).isEqualTo("alice");

    SquallProcess.awaitCondition("the token expires", Duration.ofSeconds(10), () -> {
      try {
        ask(vertx, Addresses.AUTH_VERIFY, token(token));
        return false;
      } catch (RuntimeException e) {
        return e.getCause().getMessage().equals("the token has expired");
      }
    });
    assertThat(refused(vertx, Addresses.AUTH_REFRESH, token(token)).failureCode()).isEqualTo(401);
  }

  @Test
  void aRotatedOutKeyStillVerifiesItsTokensAndARemovedOneDoesNot() {
    AuthOptions before = AuthTesting.options(dir);
    AuthTesting.deploy(vertx, before);
    String signedWithK1 = rootToken();
    await(vertx.close());

    // k2 signs now; k1 stays to verify what it signed until those tokens expire
    Path k2 = AuthTesting.write(dir.resolve("jwt-k2"), "fedcba9876543210fedcba9876543210-second");
    AuthOptions rotated = new AuthOptions(before).setSigningKey("k2")
        .addKey(new JwtKeyOptions().setKid("k2").setSecretFile(k2.toString()));
    vertx = Vertx.vertx();
    AuthTesting.deploy(vertx, rotated);
    String signedWithK2 = rootToken();

    assertThat(new String(Base64.getUrlDecoder().decode(signedWithK2.split("\\.")[0]), StandardCharsets.UTF_8))
        .contains("\"k2\"");
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(signedWithK1)).getJsonObject("user").getString("id"))
        .isEqualTo("root");
    await(vertx.close());

    AuthOptions k1Removed = new AuthOptions(rotated);
    k1Removed.getKeys().removeIf(k -> k.getKid().equals("k1"));
    vertx = Vertx.vertx();
    AuthTesting.deploy(vertx, k1Removed);
    assertRefused(signedWithK1);
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(signedWithK2)).getJsonObject("user").getString("id"))
        .isEqualTo("root");
  }

  @Test
  void noKeyOutsideDevModeFailsTheStartWithWhatToDo() {
    AuthOptions options = AuthTesting.options(dir);
    options.getKeys().clear();

    assertThatThrownBy(() -> AuthTesting.deploy(vertx, options)).hasMessageContaining("auth: no JWT key configured")
        .hasMessageContaining("SQUALL_AUTH_KEYS").hasMessageContaining("secretFile");
  }

  @Test
  void devModeWithoutAKeyIssuesAndVerifiesTokensOnAStandaloneNode() {
    AuthOptions options = AuthTesting.options(dir).setDev(true);
    options.getKeys().clear();
    AuthTesting.deploy(vertx, options);

    assertThat(new String(Base64.getUrlDecoder().decode(aliceToken().split("\\.")[0]), StandardCharsets.UTF_8))
        .contains("\"dev\"");
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(aliceToken())).getJsonObject("user").getString("id"))
        .isEqualTo("alice");
  }

  @Test
  void aShortSecretIsRefusedWithoutShowingIt() {
    Path weak = AuthTesting.write(dir.resolve("weak"), "hunter2-weak");
    AuthOptions options = AuthTesting.options(dir).setSigningKey("weak")
        .addKey(new JwtKeyOptions().setKid("weak").setSecretFile(weak.toString()));

    assertThatThrownBy(() -> AuthTesting.deploy(vertx, options))
        .hasMessageContaining("auth key 'weak': the secret is shorter than 32 bytes")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("hunter2"));
  }

  @Test
  void anUnsetSecretVariableIsNamedByItsKeyNotByItsValue() {
    String pastedSecret = "pastedSecret0123456789abcdef0123456789";
    AuthOptions options = AuthTesting.options(dir).setSigningKey("env")
        .addKey(new JwtKeyOptions().setKid("env").setSecretEnv(pastedSecret));

    assertThatThrownBy(() -> AuthTesting.deploy(vertx, options))
        .hasMessageContaining("auth key 'env': the environment variable that secretEnv names is not set")
        .satisfies(e -> assertThat(e.toString()).doesNotContain(pastedSecret));
  }

  /** A token signed with the test key, as the auth verticle would have issued it at some other time. */
  private static String signed(JsonObject claims) {
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", "k1");
    return Jwts.hmac(header, claims, AuthTesting.SECRET.getBytes(StandardCharsets.UTF_8));
  }

  /** Alice's claims: logged in at {@code authTime}, expiring at {@code exp} (epoch seconds). */
  private static JsonObject aliceClaims(long authTime, long exp) {
    return new JsonObject().put("sub", "alice").put("name", "Alice").put("roles", new JsonArray().add("user"))
        .put("jti", UUID.randomUUID().toString()).put("auth_time", authTime).put("iat", authTime)
        .put("exp", exp).put("iss", AuthOptions.DEFAULT_ISSUER).put("aud", AuthOptions.DEFAULT_AUDIENCE);
  }

  private static JsonObject sessionRefresh(String token) {
    return token(token).put("session", true);
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void aSessionsExpiredTokenIsRenewedWithinMaxSessionAgeOfItsLogin() {
    AuthTesting.deploy(vertx, AuthTesting.options(dir).setTokenTtl(60).setMaxSessionAge(3600));
    long now = nowSeconds();
    String expired = signed(aliceClaims(now - 3000, now - 2940));
    assertThat(refused(vertx, Addresses.AUTH_VERIFY, token(expired)).getMessage()).isEqualTo("the token has expired");
    assertThat(refused(vertx, Addresses.AUTH_REFRESH, token(expired)).getMessage()).as("without session: true")
        .isEqualTo("the token has expired");

    JsonObject renewed = ask(vertx, Addresses.AUTH_REFRESH, sessionRefresh(expired));

    JsonObject claims = Jwts.payload(renewed.getString("token"));
    assertThat(claims.getLong("auth_time")).as("the login's time travels on").isEqualTo(now - 3000);
    assertThat(claims.getLong("exp")).isBetween(now + 60, nowSeconds() + 60);
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(renewed.getString("token"))).getJsonObject("user")
        .getString("id")).isEqualTo("alice");
    assertThat(refused(vertx, Addresses.AUTH_REFRESH, sessionRefresh(expired)).getMessage()).as("spent")
        .isEqualTo("the token was revoked");
  }

  @Test
  void noTokenIsRenewedOnceMaxSessionAgeHasPassedSinceItsLogin() {
    AuthTesting.deploy(vertx, AuthTesting.options(dir).setTokenTtl(60).setMaxSessionAge(3600));
    long now = nowSeconds();
    String aged = signed(aliceClaims(now - 3601, now - 3541));
    assertThat(refused(vertx, Addresses.AUTH_REFRESH, sessionRefresh(aged)).getMessage())
        .isEqualTo("the session is too old; log in again");
    assertThat(refused(vertx, Addresses.AUTH_REFRESH, sessionRefresh(signed(aliceClaims(now - 100_000, now - 99_940))))
        .getMessage()).isEqualTo("the session is too old; log in again");

    // exactly maxSessionAge after the login is too old, even for an unexpired token (asked again when the second
    // ended before the answer: the check may have run in the next one)
    for (int tries = 0; tries < 5; tries++) {
      long at = nowSeconds();
      String boundary = signed(aliceClaims(at - 3600, at + 60));
      assertThat(refused(vertx, Addresses.AUTH_REFRESH, token(boundary)).getMessage())
          .isEqualTo("the session is too old; log in again");
      if (nowSeconds() == at) {
        break;
      }
    }
    String young = signed(aliceClaims(now - 3590, now + 60));
    assertThat(ask(vertx, Addresses.AUTH_REFRESH, token(young)).getString("token")).isNotBlank();
  }

  @Test
  void aTokenOfExactly8192CharactersIsVerifiedAndALongerOneIsNot() {
    AuthTesting.deploy(vertx, AuthTesting.options(dir));
    long now = nowSeconds();

    String longest = paddedTo(8192, aliceClaims(now, now + 600));
    String tooLong = paddedTo(8193, aliceClaims(now, now + 600));

    assertThat(longest).hasSize(8192);
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(longest)).getJsonObject("user").getString("id"))
        .isEqualTo("alice");
    assertThat(tooLong).hasSize(8193);
    assertRefused(tooLong);
  }

  /** A validly signed token of {@code claims} and padding claims, exactly {@code length} characters long. */
  private static String paddedTo(int length, JsonObject claims) {
    // unpadded base64 skips one length in four, so the header's padding moves the total to every length
    for (int h = 0; h < 4; h++) {
      for (int p = 0; p < length; p++) {
        JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", "k1").put("x", "x".repeat(h));
        String token = Jwts.hmac(header, claims.copy().put("pad", "p".repeat(p)),
            AuthTesting.SECRET.getBytes(StandardCharsets.UTF_8));
        if (token.length() == length) {
          return token;
        }
        if (token.length() > length) {
          break;
        }
      }
    }
    throw new AssertionError("no padding gives " + length + " characters");
  }

  @Test
  void aRecordAboutATokenIsKeptUntilOneSecondAfterItExpires() {
    long before = nowSeconds();
    long left = Tokens.secondsLeft(new JsonObject().put("exp", before + 600));
    long after = nowSeconds();

    assertThat(left).isBetween(600 - (after - before) + 1, 601L);
    assertThat(Tokens.secondsLeft(new JsonObject().put("exp", before - 1))).as("expired a second ago").isEqualTo(1);
    assertThat(Tokens.secondsLeft(new JsonObject().put("exp", before - 3600))).as("long expired").isEqualTo(1);
    assertThat(Tokens.secondsLeft(new JsonObject())).as("no exp").isEqualTo(1);
  }
}
