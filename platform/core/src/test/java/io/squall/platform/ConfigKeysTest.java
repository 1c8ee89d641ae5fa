package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigKeysTest {

  private static final String KEYED = KeyedVerticle.class.getName();

  private static List<String> problems(String json) {
    return KeyedVerticle.CONFIG.check(new JsonObject(json), ConfigKeysTest.class.getClassLoader()).stream()
        .map(ConfigKeys.Problem::toString).toList();
  }

  private static Descriptor parse(String config, Map<String, String> env, Map<String, String> sets) {
    return Descriptor.parse("app.yaml", """
        name: demo
        verticles:
          - name: web
            class: %s
            config:
        %s
        """.formatted(KEYED, config.indent(6)), env, sets, ConfigKeysTest.class.getClassLoader());
  }

  private static List<String> descriptorProblems(String config, Map<String, String> env, Map<String, String> sets) {
    try {
      parse(config, env, sets);
    } catch (DescriptorException e) {
      return e.problems().stream().map(DescriptorProblem::toString).toList();
    }
    throw new AssertionError("accepted:\n" + config);
  }

  @Test
  void durationsAndSizesTakeUnitsAndBareNumbersKeepTheirUnit() {
    JsonObject withUnits = KeyedVerticle.CONFIG.normalize(new JsonObject()
        .put("idleTimeout", "2m").put("requestTimeout", "1s").put("bodyLimit", "64KiB"));
    JsonObject bare = KeyedVerticle.CONFIG.normalize(new JsonObject()
        .put("idleTimeout", 120).put("requestTimeout", 1000).put("bodyLimit", 65536));

    assertThat(withUnits).isEqualTo(bare);
    assertThat(withUnits.getLong("idleTimeout")).isEqualTo(120);
    assertThat(withUnits.getLong("requestTimeout")).isEqualTo(1000);
    assertThat(withUnits.getLong("bodyLimit")).isEqualTo(65536);
    assertThat(problems("{\"idleTimeout\": \"1h\", \"requestTimeout\": \"500ms\", \"bodyLimit\": \"1MiB\"}")).isEmpty();
  }

  @Test
  void aDurationThatIsNotAWholeNumberOfTheKeysUnitIsRefused() {
    assertThat(problems("{\"idleTimeout\": \"1500ms\"}"))
        .containsExactly("idleTimeout: '1500ms' is not a whole number of seconds");
  }

  @Test
  void badDurationsAndSizesSayWhatIsExpected() {
    assertThat(problems("{\"idleTimeout\": \"30 sec\", \"bodyLimit\": \"1MB\", \"requestTimeout\": \"2h\"}"))
        .containsExactly(
            "idleTimeout: expected a duration such as 30s, 500ms, 20m or 1h (a bare number is seconds), got '30 sec'",
            "requestTimeout: must be from 1ms to 10m, got 2h",
            "bodyLimit: expected a size such as 64KiB or 1MiB (a bare number is bytes), got '1MB'");
  }

  @Test
  void anUnknownKeyNamesTheClosestKnownOne() {
    assertThat(problems("{\"idleTimeuot\": 5, \"routes\": [{\"path\": \"/\", \"kind\": \"template\", \"auht\": true}]}"))
        .containsExactly("idleTimeuot: unknown key 'idleTimeuot' (did you mean 'idleTimeout'?)",
            "routes[0].auht: unknown key 'auht' (did you mean 'auth'?)");
  }

  @Test
  void anUnknownKeyFarFromEveryKnownOneListsTheKeysOfASmallMapping() {
    assertThat(problems("{\"limits\": {\"colour\": 1}}"))
        .containsExactly("limits.colour: unknown key 'colour' (keys: maxLength)");
  }

  @Test
  void wrongTypesOutOfRangeNumbersAndBadEnumValuesEachSayWhatIsExpected() {
    assertThat(problems("""
        {"port": "abc", "limits": {"maxLength": 0}, "locales": "en", "oidcLogin": 5,
         "routes": [{"path": "/", "kind": "redirct", "to": "/x"}, "nope"]}"""))
        .containsExactly(
            "port: expected a port number 0-65535 (0: any free port), got 'abc'",
            "oidcLogin: expected a string, true or false, got '5'",
            "locales: expected a list of strings, e.g. [a, b], got 'en'",
            "limits.maxLength: must be from 1 to 100000, got 0",
            "routes[0].kind: expected one of template, redirect, got 'redirct' (did you mean 'redirect'?)",
            "routes[1]: each entry of 'routes' must be a mapping of keys");
  }

  @Test
  void aRequiredKeyAndACrossKeyRuleAreReportedAtTheirEntry() {
    assertThat(problems("{\"routes\": [{\"kind\": \"template\"}, {\"path\": \"/a\", \"kind\": \"redirect\"}]}"))
        .containsExactly("routes[0].path: 'path' is required: Where it answers",
            "routes[1].to: a redirect route needs 'to'");
  }

  @Test
  void aProblemInsideARouteDoesNotHideTheRulesOfTheMappingAroundIt() {
    assertThat(problems("{\"port\": 9, \"routes\": [{\"path\": \"/\", \"kind\": \"template\", \"auht\": true}]}"))
        .containsExactly("routes[0].auht: unknown key 'auht' (did you mean 'auth'?)",
            "port: port 9 is the discard service");
  }

  @Test
  void aRuleThatTripsOnAWrongValueBelowItLeavesThatValuesOwnProblem() {
    assertThat(problems("{\"port\": 7, \"routes\": [{\"path\": \"/\", \"kind\": 5}, \"nope\"]}"))
        .containsExactly("routes[0].kind: expected a string, got '5'", "routes[1]: each entry of 'routes' must be a"
            + " mapping of keys");
  }

  @Test
  void aConfigProblemKeepsItsVerticlesPlaceWhenAnEarlierVerticleIsLeftOut() {
    String yaml = """
        name: demo
        verticles:
          - {name: gone, class: com.example.Missing}
          - name: web
            class: %s
            config:
              prot: 80
        """.formatted(KEYED);
    assertThatThrownBy(() -> Descriptor.parse("app.yaml", yaml, Map.of(), Map.of(), getClass().getClassLoader()))
        .isInstanceOfSatisfying(DescriptorException.class, e -> assertThat(e.problems().stream()
            .map(DescriptorProblem::toString)).containsExactly(
            "app.yaml:3: verticles[0].class: class com.example.Missing not found (is its jar on --classpath or in lib/?)",
            "app.yaml:7: verticles[1].config.prot: unknown key 'prot' (did you mean 'port'?)"));
  }

  @Test
  void aSecretIsNeverShownInAMessage() {
    assertThat(problems("{\"secret\": 12345678}")).containsExactly(
        "secret: expected a string, got a number (not shown: a secret)");
  }

  @Test
  void missingFilesAndFoldersAreNamedWithWhereRelativePathsResolve(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("users.yaml"), "{}");

    assertThat(problems("{\"usersFile\": \"" + file + "\", \"dir\": \"" + dir + "\"}")).isEmpty();
    assertThat(problems("{\"usersFile\": \"no/such/users.yaml\", \"dir\": \"" + file + "\"}")).containsExactly(
        "usersFile: file 'no/such/users.yaml' does not exist (relative paths resolve against the working directory, "
            + Path.of("").toAbsolutePath() + ")",
        "dir: '" + file + "' is not a folder");
    assertThat(problems("{\"dir\": \"classpath:io/squall\"}")).isEmpty();
    assertThat(problems("{\"dir\": \"classpath:no-such-folder\"}"))
        .containsExactly("dir: folder 'classpath:no-such-folder' is not on the classpath");
  }

  @Test
  void validateListsEveryProblemAndReturnsTheConfigInItsUnits() {
    assertThat(KeyedVerticle.CONFIG.validate("web", new JsonObject().put("idleTimeout", "5m")).getLong("idleTimeout"))
        .isEqualTo(300);
    assertThatThrownBy(() -> KeyedVerticle.CONFIG.validate("web", new JsonObject().put("port", -1).put("prot", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("web: prot: unknown key 'prot' (did you mean 'port'?); port: must be from 0 to 65535, got -1");
  }

  @Test
  void aDescriptorProblemInAConfigCarriesTheFileLineAndKeyPath() {
    assertThat(descriptorProblems("""
        port: 80
        routes:
          - {path: /, kind: template}
          - {path: /b, kind: template, auht: true}""", Map.of(), Map.of()))
        .containsExactly("app.yaml:9: verticles[0].config.routes[1].auht: unknown key 'auht' (did you mean 'auth'?)");
  }

  @Test
  void aKeyWrittenWithNoValueIsNotSetAndGetsItsDefault() {
    JsonObject config = parse("{idleTimeout: null, port: ~}", Map.of(), Map.of()).verticles().get(0).config();

    assertThat(config.containsKey("idleTimeout")).isFalse();
    assertThat(config.containsKey("port")).isFalse();
    assertThat(Descriptor.parse("app.yaml", "name: a\nshutdownTimeout: NULL\nverticles:\n  - {name: a, class: " + KEYED
        + "}\n", Map.of(), Map.of(), getClass().getClassLoader()).shutdownTimeoutSeconds())
        .isEqualTo(Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
  }

  @Test
  void theVerticleSeesItsConfigInItsUnits() {
    JsonObject config = parse("{idleTimeout: 2m, bodyLimit: 1MiB}", Map.of(), Map.of()).verticles().get(0).config();

    assertThat(config.getLong("idleTimeout")).isEqualTo(120);
    assertThat(config.getLong("bodyLimit")).isEqualTo(1024 * 1024);
  }

  @Test
  void aBadOverrideIsReportedAsTheOverrideWithItsValueUnlessSecret() {
    assertThat(descriptorProblems("port: 80", Map.of("SQUALL_WEB_BODY_LIMTI", "1", "SQUALL_WEB_SECRET", "7"),
        Map.of("web.port", "abc", "web.routs", "[]", "web.routes", "[{path: /, kind: template, auht: 1}]")))
        .containsExactlyInAnyOrder(
            "SQUALL_WEB_BODY_LIMTI: unknown key 'bodyLimti' (did you mean 'bodyLimit'?)",
            "SQUALL_WEB_SECRET: expected a string, got a number (not shown: a secret)",
            "--set web.port=abc: expected a port number 0-65535 (0: any free port), got 'abc'",
            "--set web.routs: unknown key 'routs' (did you mean 'routes'?)",
            "--set web.routes=[{path: /, kind: template, auht: 1}]: routes[0].auht: unknown key 'auht' (did you mean"
                + " 'auth'?)");
  }

  @Test
  void theDescriptorsOwnKeysTakeUnitsAndSuggestions() {
    String yaml = "name: demo\nshutdownTimeout: 2m\nverticle:\n  - {name: a, class: " + KEYED + "}\n";
    assertThatThrownBy(() -> Descriptor.parse("app.yaml", yaml, Map.of(), Map.of(), getClass().getClassLoader()))
        .isInstanceOfSatisfying(DescriptorException.class, e -> assertThat(e.problems().stream()
            .map(DescriptorProblem::toString)).containsExactly(
            "app.yaml:3: verticle: unknown key 'verticle' (did you mean 'verticles'?)",
            "app.yaml:1: verticles: 'verticles' is required: The verticles, in deployment order"));
    Descriptor d = Descriptor.parse("app.yaml", yaml.replace("verticle:", "verticles:"), Map.of(), Map.of(),
        getClass().getClassLoader());
    assertThat(d.shutdownTimeoutSeconds()).isEqualTo(120);
  }

  @Test
  void theSchemaDescribesTypesUnitsDefaultsAndChoices() {
    JsonObject schema = Descriptor.schema(List.of(KeyedVerticle.class, TestVerticle.class));
    JsonObject config = schema.getJsonObject("$defs").getJsonObject(KEYED);
    JsonObject props = config.getJsonObject("properties");

    assertThat(schema.getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(config.getBoolean("additionalProperties")).isFalse();
    assertThat(props.getJsonObject("idleTimeout").getString("default")).isEqualTo("1m");
    assertThat(props.getJsonObject("idleTimeout").getString("description")).contains("a bare number is seconds");
    assertThat(props.getJsonObject("port").getInteger("maximum")).isEqualTo(65535);
    assertThat(props.getJsonObject("routes").getJsonObject("items").getJsonObject("properties")
        .getJsonObject("kind").getJsonArray("enum").getList()).containsExactly("template", "redirect");
    assertThat(props.getJsonObject("secret").containsKey("default")).isFalse();
    assertThat(schema.getJsonObject("$defs").getJsonObject("verticle").getJsonArray("allOf")).hasSize(1);
  }

  @Test
  void unitsPrintAsPeopleWriteThem() {
    assertThat(Units.duration(1_200_000)).isEqualTo("20m");
    assertThat(Units.duration(1500)).isEqualTo("1500ms");
    assertThat(Units.size(65536)).isEqualTo("64KiB");
    assertThat(Units.millis("999999999999999d")).isNull();
    assertThat(Units.millis("30 s")).as("as the schema's pattern: no space").isNull();
  }
}
