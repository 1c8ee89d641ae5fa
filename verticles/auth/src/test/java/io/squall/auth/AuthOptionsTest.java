package io.squall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthOptionsTest {

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
            .setRedirectUri("https://chat.example/login/oidc/callback").setRolesClaim("groups"));

    assertThat(new AuthOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new AuthOptions(options).toJson()).isEqualTo(options.toJson());
    new AuthOptions(options.toJson()).validate();
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
    assertThatThrownBy(new AuthOptions().setMaxAddressFailures(0)::validate)
        .hasMessage("auth: maxAddressFailures must be at least 1");
    assertThatThrownBy(new AuthOptions().setAccountDelay(0)::validate)
        .hasMessage("auth: accountDelay must be at least 1 ms");
    assertThatThrownBy(new AuthOptions().setAccountDelay(2000).setMaxAccountDelay(1000)::validate)
        .hasMessage("auth: maxAccountDelay must be at least accountDelay");
  }

  @Test
  void badKeysAreNamed() {
    AuthOptions noSecret = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1"));
    AuthOptions badAlgorithm = new AuthOptions().addKey(new JwtKeyOptions().setKid("k1").setAlgorithm("none")
        .setSecretEnv("X"));
    AuthOptions unknownSigner = new AuthOptions().setSigningKey("k9")
        .addKey(new JwtKeyOptions().setKid("k1").setSecretEnv("X"));

    assertThatThrownBy(noSecret::validate).hasMessage("auth: keys[0] needs secretFile or secretEnv (one)");
    assertThatThrownBy(badAlgorithm::validate).hasMessageStartingWith("auth: keys[0] algorithm must be one of");
    assertThatThrownBy(unknownSigner::validate).hasMessage("auth: signingKey names no key of keys");
  }
}
