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
}
