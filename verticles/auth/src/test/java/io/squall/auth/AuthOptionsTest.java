package io.squall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.ConfigKeys;
import io.squall.testing.ConfigDocs;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthOptionsTest {

  @TempDir
  Path dir;

  @Test
  void roundTripsThroughJson() {
    AuthOptions options = new AuthOptions().setUsersFile("/etc/squall/users.yaml").setTokenTtl(600)
        .setMaxSessionAge(3600).setIssuer("i").setAudience("a").setSigningKey("k2").setDev(true).setRegistration(true)
        .setPasswordMinLength(14).setPasswordIterations(300_000).setDefaultRoles(List.of("member"))
        .setMaxFailures(7).setFailureWindow(120).setMaxAddressFailures(200).setAccountDelayAfter(20)
        .setAccountFailureWindow(600).setAccountDelay(500).setMaxAccountDelay(5000).setWorkerPoolSize(3)
        .addKey(new JwtKeyOptions().setKid("k1").setSecretEnv("JWT_K1"))
        .addKey(new JwtKeyOptions().setKid("k2").setAlgorithm("ES256").setPublicKeyFile("p").setPrivateKeyFile("q"))
        .setOidc(new OidcOptions().setSite("https://id.example").setClientId("squall").setClientSecretEnv("OIDC")
            .setRedirectUri("https://chat.example/login/oidc/callback").setRolesClaim("groups").setLoginTimeout(300));

    assertThat(new AuthOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new AuthOptions(options).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void aConfigBuiltInJavaPassesTheDeclaredKeys() {
    Path pub = AuthTesting.write(dir.resolve("k2.pub"), "-----BEGIN PUBLIC KEY-----");
    AuthOptions options = AuthTesting.options(dir).setTokenTtl(600).setMaxSessionAge(3600).setSigningKey("k1")
        .addKey(new JwtKeyOptions().setKid("k2").setAlgorithm("ES256").setPublicKeyFile(pub.toString()))
        .setOidc(new OidcOptions().setSite("https://id.example").setClientId("squall").setClientSecretEnv("OIDC")
            .setRedirectUri("https://chat.example/login/oidc/callback"));

    assertThat(AuthVerticle.CONFIG.check(options.toJson(), null)).isEmpty();
  }

  @Test
  void theJsonConstructorReadsDurationsWithUnits() {
    AuthOptions options = new AuthOptions(new JsonObject().put("tokenTtl", "15m").put("maxSessionAge", "1d")
        .put("failureWindow", "2m").put("accountFailureWindow", "1h").put("accountDelay", "2s")
        .put("maxAccountDelay", "20s").put("oidc", new JsonObject().put("loginTimeout", "5m")));

    assertThat(options.getTokenTtl()).isEqualTo(900);
    assertThat(options.getMaxSessionAge()).isEqualTo(86_400);
    assertThat(options.getFailureWindow()).isEqualTo(120);
    assertThat(options.getAccountFailureWindow()).isEqualTo(3600);
    assertThat(options.getAccountDelay()).isEqualTo(2000);
    assertThat(options.getMaxAccountDelay()).isEqualTo(20_000);
    assertThat(options.getOidc().getLoginTimeout()).isEqualTo(300);
    assertThat(options.toJson().getValue("tokenTtl")).as("toJson keeps numbers").isEqualTo(900);
  }

  @Test
  void hasSafeDefaults() {
    AuthOptions options = new AuthOptions(new JsonObject());

    assertThat(options.isRegistration()).isFalse();
    assertThat(options.isDev()).isFalse();
    assertThat(options.getPasswordIterations()).isEqualTo(210_000);
    assertThat(options.getMaxFailures()).isEqualTo(5);
    assertThat(options.getFailureWindow()).isEqualTo(60);
    assertThat(options.getMaxAddressFailures()).isEqualTo(100);
    assertThat(options.getAccountDelayAfter()).isEqualTo(10);
    assertThat(options.getAccountFailureWindow()).isEqualTo(900);
    assertThat(options.getAccountDelay()).isEqualTo(1000);
    assertThat(options.getMaxAccountDelay()).isEqualTo(10_000);
  }

  @Test
  void badThrottlingLimitsAreNamed() {
    assertThat(problems(new AuthOptions().setMaxAddressFailures(0)))
        .containsExactly("maxAddressFailures: must be at least 1, got 0");
    assertThat(problems(new AuthOptions().setAccountDelay(0)))
        .containsExactly("accountDelay: must be at least 1ms, got 0s");
    assertThat(problems(new AuthOptions().setAccountDelay(2000).setMaxAccountDelay(1000)))
        .containsExactly("maxAccountDelay: must be at least accountDelay");
    assertThat(problems(new AuthOptions().setTokenTtl(600).setMaxSessionAge(60)))
        .containsExactly("maxSessionAge: must be at least tokenTtl");
  }

  @Test
  void badKeysAreNamed() {
    AuthOptions noSecret = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1"));
    AuthOptions twoSecrets = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1").setSecretEnv("A")
        .setSecretFile(AuthTesting.write(dir.resolve("s"), AuthTesting.SECRET).toString()));
    AuthOptions badAlgorithm = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1").setAlgorithm("none")
        .setSecretEnv("X"));
    AuthOptions unknownSigner = new AuthOptions().setSigningKey("k9")
        .addKey(new JwtKeyOptions().setKid("k1").setSecretEnv("X"));
    AuthOptions sameKid = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1").setSecretEnv("X"))
        .addKey(new JwtKeyOptions().setKid("k1").setSecretEnv("Y"));
    AuthOptions noKid = new AuthOptions().addKey(new JwtKeyOptions().setSecretEnv("X"));

    assertThat(problems(noSecret)).containsExactly("keys[0]: an HS256 key needs secretFile or secretEnv");
    assertThat(problems(twoSecrets)).containsExactly("keys[0].secretEnv: set secretFile or secretEnv, not both");
    assertThat(problems(badAlgorithm)).singleElement().asString()
        .startsWith("keys[0].algorithm: expected one of HS256, HS384, HS512, RS256,").endsWith("got 'none'");
    assertThat(problems(unknownSigner)).containsExactly("signingKey: names no kid of keys (kids: k1)");
    assertThat(problems(sameKid)).containsExactly("keys[1].kid: another key has the kid 'k1'");
    assertThat(problems(noKid)).singleElement().asString().startsWith("keys[0].kid: 'kid' is required");
  }

  @Test
  void keyMaterialMustFitTheAlgorithm() {
    AuthOptions pemOnHmac = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1").setSecretEnv("X")
        .setPublicKeyFile(AuthTesting.write(dir.resolve("p"), "pem").toString()));
    AuthOptions secretOnEcdsa = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1").setAlgorithm("ES256")
        .setSecretEnv("X"));
    AuthOptions signerWithoutPrivateKey = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1")
        .setAlgorithm("RS256").setPublicKeyFile(dir.resolve("p").toString()));

    assertThat(problems(pemOnHmac)).containsExactly(
        "keys[0].publicKeyFile: is for RS, PS and ES keys; an HS key takes secretFile or secretEnv");
    assertThat(problems(secretOnEcdsa)).containsExactly("keys[0]: an ES256 key needs publicKeyFile (PEM)",
        "keys[0].secretEnv: is for HS keys; an ES256 key takes publicKeyFile and privateKeyFile");
    assertThat(problems(signerWithoutPrivateKey))
        .containsExactly("keys[0]: key 'k1' signs tokens (the first of keys) but has no privateKeyFile");
  }

  @Test
  void aSecretPastedWhereAVariableNameBelongsIsNotShown() {
    AuthOptions pasted = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1")
        .setSecretEnv("s3cr3t/PASTED+by=mistake"));

    assertThat(problems(pasted)).singleElement().asString()
        .isEqualTo("keys[0].secretEnv: a string (not shown: a secret) is not an environment variable name"
            + " (letters, digits and '_')")
        .doesNotContain("s3cr3t");
  }

  @Test
  void oidcNeedsItsProviderAndAcceptsOneClientSecret() {
    AuthOptions empty = new AuthOptions().setOidc(new OidcOptions());
    AuthOptions twoSecrets = new AuthOptions().setOidc(new OidcOptions().setSite("https://id.example")
        .setClientId("chat").setRedirectUri("https://chat.example/login/oidc/callback").setClientSecretEnv("S")
        .setClientSecretFile(AuthTesting.write(dir.resolve("c"), "x").toString()));
    AuthOptions notAUrl = new AuthOptions().setOidc(new OidcOptions().setSite("id.example").setClientId("chat")
        .setRedirectUri("https://chat.example/login/oidc/callback"));

    assertThat(problems(empty)).hasSize(3).anySatisfy(p -> assertThat(p).startsWith("oidc.site: 'site' is required"))
        .anySatisfy(p -> assertThat(p).startsWith("oidc.clientId: 'clientId' is required"))
        .anySatisfy(p -> assertThat(p).startsWith("oidc.redirectUri: 'redirectUri' is required"));
    assertThat(problems(twoSecrets)).containsExactly("oidc.clientSecretEnv: set clientSecretFile or clientSecretEnv,"
        + " not both");
    assertThat(problems(notAUrl)).containsExactly("oidc.site: 'id.example' is not an http(s) URL");
  }

  @Test
  void theVerticleRefusesABadConfigListingEveryProblem() {
    JsonObject config = new JsonObject().put("tokenTtl", "soon").put("passwordIterations", 10).put("maxFailurs", 3);

    assertThatThrownBy(() -> AuthVerticle.CONFIG.validate("auth", config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auth: ")
        .hasMessageContaining("maxFailurs: unknown key 'maxFailurs' (did you mean 'maxFailures'?)")
        .hasMessageContaining("tokenTtl: expected a duration such as 30s, 500ms, 20m or 1h (a bare number is seconds),"
            + " got 'soon'")
        .hasMessageContaining("passwordIterations: must be at least 1000, got 10");
  }

  @Test
  void readmeKeyTableMatchesTheDeclaredKeys() {
    ConfigDocs.assertReadme(AuthVerticle.CONFIG, Path.of("README.md"));
  }

  private static List<String> problems(AuthOptions options) {
    return AuthVerticle.CONFIG.check(options.toJson(), null).stream().map(ConfigKeys.Problem::toString).toList();
  }
}
