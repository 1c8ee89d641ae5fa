package io.squall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.squall.platform.Descriptor;
import io.squall.platform.DescriptorException;
import io.squall.platform.DescriptorProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth verticle's config as {@code squall check} and {@code squall run} see it in a descriptor. */
class AuthDescriptorTest {

  /** Every time key of the verticle, written with a unit and as the bare number it always meant. */
  private static final String WITH_UNITS = """
      tokenTtl: 15m
      maxSessionAge: 2d
      failureWindow: 2m
      accountFailureWindow: 1h
      accountDelay: 1500ms
      maxAccountDelay: 20s
      oidc: {site: 'https://id.example', clientId: chat, redirectUri: 'https://chat.example/cb', loginTimeout: 5m}
      """;
  private static final String BARE = """
      tokenTtl: 900
      maxSessionAge: 172800
      failureWindow: 120
      accountFailureWindow: 3600
      accountDelay: 1500
      maxAccountDelay: 20000
      oidc: {site: 'https://id.example', clientId: chat, redirectUri: 'https://chat.example/cb', loginTimeout: 300}
      """;

  @TempDir
  Path dir;

  @Test
  void everyTimeKeyTakesAUnitAndABareNumberKeepsItsMeaning() {
    AuthOptions withUnits = options(WITH_UNITS);
    AuthOptions bare = options(BARE);

    assertThat(withUnits.toJson()).isEqualTo(bare.toJson());
    assertThat(withUnits.getTokenTtl()).isEqualTo(900);
    assertThat(withUnits.getMaxSessionAge()).isEqualTo(172_800);
    assertThat(withUnits.getFailureWindow()).isEqualTo(120);
    assertThat(withUnits.getAccountFailureWindow()).isEqualTo(3600);
    assertThat(withUnits.getAccountDelay()).isEqualTo(1500);
    assertThat(withUnits.getMaxAccountDelay()).isEqualTo(20_000);
    assertThat(withUnits.getOidc().getLoginTimeout()).isEqualTo(300);
    assertThat(durationKeys(AuthVerticle.CONFIG, "")).as("every declared time key is written above")
        .containsExactlyInAnyOrder("tokenTtl", "maxSessionAge", "failureWindow", "accountFailureWindow",
            "accountDelay", "maxAccountDelay", "oidc.loginTimeout");
  }

  @Test
  void typosAreRefusedWithTheKeyPathAndASuggestion() {
    String config = """
        tokenTTL: 1h
        keys:
          - {kid: k1, secretEnvv: JWT_K1}
        oidc: {site: 'https://id.example', clientId: chat, redirectUri: 'https://chat.example/cb', clientSecertEnv: X}
        """;

    assertThat(problems(config)).containsExactlyInAnyOrder(
        "app.yaml:6: verticles[0].config.tokenTTL: unknown key 'tokenTTL' (did you mean 'tokenTtl'?)",
        "app.yaml:8: verticles[0].config.keys[0].secretEnvv: unknown key 'secretEnvv' (did you mean 'secretEnv'?)",
        "app.yaml:9: verticles[0].config.oidc.clientSecertEnv: unknown key 'clientSecertEnv'"
            + " (did you mean 'clientSecretEnv'?)");
  }

  @Test
  void wrongTypesOutOfRangeNumbersAndUnknownAlgorithmsAreRefused() {
    String config = """
        tokenTtl: 1500ms
        failureWindow: soon
        registration: 'yes'
        passwordIterations: 999
        workerPoolSize: 0
        defaultRoles: user
        keys:
          - {kid: k1, algorithm: HS257, secretEnv: JWT_K1}
        oidc: {site: 'https://id.example', clientId: chat, redirectUri: 'https://chat.example/cb', loginTimeout: 0}
        """;

    assertThat(problems(config)).containsExactlyInAnyOrder(
        "app.yaml:6: verticles[0].config.tokenTtl: '1500ms' is not a whole number of seconds",
        "app.yaml:7: verticles[0].config.failureWindow: expected a duration such as 30s, 500ms, 20m or 1h"
            + " (a bare number is seconds), got 'soon'",
        "app.yaml:8: verticles[0].config.registration: expected true or false, got 'yes'",
        "app.yaml:9: verticles[0].config.passwordIterations: must be at least 1000, got 999",
        "app.yaml:10: verticles[0].config.workerPoolSize: must be at least 1, got 0",
        "app.yaml:11: verticles[0].config.defaultRoles: expected a list of strings, e.g. [a, b], got 'user'",
        "app.yaml:13: verticles[0].config.keys[0].algorithm: expected one of HS256, HS384, HS512, RS256, RS384,"
            + " RS512, PS256, PS384, PS512, ES256, ES384, ES512, got 'HS257' (did you mean 'HS256'?)",
        "app.yaml:14: verticles[0].config.oidc.loginTimeout: must be at least 1s, got 0s");
  }

  @Test
  void crossKeyRulesAreCheckedBeforeAnythingStarts() {
    String config = """
        tokenTtl: 1h
        maxSessionAge: 30m
        signingKey: k2
        keys:
          - {kid: k1, secretEnv: JWT_K1}
        """;

    assertThat(problems(config)).containsExactlyInAnyOrder(
        "app.yaml:7: verticles[0].config.maxSessionAge: must be at least tokenTtl",
        "app.yaml:8: verticles[0].config.signingKey: names no kid of keys (kids: k1)");
  }

  @Test
  void missingFilesAreRefusedNamingTheKey() {
    Path absent = dir.resolve("absent");
    String config = """
        usersFile: %1$s/users.yaml
        keys:
          - {kid: k1, secretFile: %1$s/jwt}
          - {kid: k2, algorithm: ES256, publicKeyFile: %1$s/k2.pub}
        oidc: {site: 'https://id.example', clientId: chat, redirectUri: 'https://chat.example/cb',
               clientSecretFile: %1$s/oidc}
        """.formatted(absent);

    assertThat(problems(config)).containsExactlyInAnyOrder(
        "app.yaml:6: verticles[0].config.usersFile: file '" + absent + "/users.yaml' does not exist",
        "app.yaml:8: verticles[0].config.keys[0].secretFile: file '" + absent + "/jwt' does not exist",
        "app.yaml:9: verticles[0].config.keys[1].publicKeyFile: file '" + absent + "/k2.pub' does not exist",
        "app.yaml:11: verticles[0].config.oidc.clientSecretFile: file '" + absent + "/oidc' does not exist");
  }

  @Test
  void aUsersFileOnTheClasspathIsAccepted() {
    assertThat(problems("usersFile: classpath:io/squall/auth/AuthVerticle.class\ndev: true\n")).isEmpty();
    assertThat(problems("usersFile: classpath:no/such/users.yaml\ndev: true\n")).containsExactly(
        "app.yaml:6: verticles[0].config.usersFile: file 'classpath:no/such/users.yaml' is not on the classpath");
  }

  private static String descriptor(String config) {
    return """
        name: app
        verticles:
          - name: auth
            class: io.squall.auth.AuthVerticle
            config:
        """ + config.indent(6);
  }

  private static AuthOptions options(String config) {
    Descriptor d = Descriptor.parse("app.yaml", descriptor(config), Map.of(), Map.of(), loader());
    return new AuthOptions(d.verticles().get(0).config());
  }

  private static List<String> problems(String config) {
    try {
      Descriptor.parse("app.yaml", descriptor(config), Map.of(), Map.of(), loader());
      return List.of();
    } catch (DescriptorException e) {
      return e.problems().stream().map(DescriptorProblem::toString).toList();
    }
  }

  private static ClassLoader loader() {
    return AuthDescriptorTest.class.getClassLoader();
  }

  private static Set<String> durationKeys(ConfigKeys keys, String prefix) {
    Set<String> names = new TreeSet<>();
    for (ConfigKey k : keys.keys()) {
      if (k.type() == ConfigKey.Type.DURATION) {
        names.add(prefix + k.name());
      } else if (k.nested() != null) {
        names.addAll(durationKeys(k.nested(), prefix + k.name() + "."));
      }
    }
    return names;
  }
}
