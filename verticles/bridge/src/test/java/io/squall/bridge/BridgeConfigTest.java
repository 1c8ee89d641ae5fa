package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.ConfigKey;
import io.squall.platform.Descriptor;
import io.squall.platform.DescriptorException;
import io.squall.testing.ConfigDocs;
import io.squall.testing.OneVerticleDescriptor;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bridge's config as a descriptor writes it: units, typos, wrong values, permits, and the README's table. */
class BridgeConfigTest {

  /** The config in a descriptor whose config mapping is on line 5. */
  private static JsonObject parse(String config) {
    return OneVerticleDescriptor.config("bridge", BridgeVerticle.class, config);
  }

  private static String problems(String config) {
    return OneVerticleDescriptor.problems("bridge", BridgeVerticle.class, config);
  }

  @Test
  void everyTimeKeyTakesUnitsAndABareNumberStaysMilliseconds() {
    assertThat(BridgeOptions.KEYS.keys().stream().filter(k -> k.type() == ConfigKey.Type.DURATION)
        .map(ConfigKey::name)).as("the time keys this test covers")
        .containsExactlyInAnyOrder("pingTimeout", "replyTimeout", "authTimeout", "heartbeat");

    BridgeOptions units = new BridgeOptions(parse("{pingTimeout: 90s, replyTimeout: 2m, authTimeout: 1500ms,"
        + " heartbeat: 1h}"));
    BridgeOptions bare = new BridgeOptions(parse("{pingTimeout: 90000, replyTimeout: 120000, authTimeout: 1500,"
        + " heartbeat: 3600000}"));

    for (BridgeOptions o : new BridgeOptions[] {units, bare}) {
      assertThat(o.getPingTimeout()).isEqualTo(90_000);
      assertThat(o.getReplyTimeout()).isEqualTo(120_000);
      assertThat(o.getAuthTimeout()).isEqualTo(1_500);
      assertThat(o.getHeartbeat()).isEqualTo(3_600_000);
    }
    assertThat(units.toJson()).isEqualTo(bare.toJson());
  }

  @Test
  void sizesTakeUnitsAndABareNumberStaysBytes() {
    BridgeOptions units = new BridgeOptions(parse("{maxFrameSize: 16KiB, maxMessageSize: 2MiB,"
        + " writeQueueSize: 512KiB}"));
    BridgeOptions bare = new BridgeOptions(parse("{maxFrameSize: 16384, maxMessageSize: 2097152,"
        + " writeQueueSize: 524288}"));

    for (BridgeOptions o : new BridgeOptions[] {units, bare}) {
      assertThat(o.getMaxFrameSize()).isEqualTo(16 * 1024);
      assertThat(o.getMaxMessageSize()).isEqualTo(2 * 1024 * 1024);
      assertThat(o.getWriteQueueSize()).isEqualTo(512 * 1024);
    }
  }

  @Test
  void javaCodeWritesUnitsTooAndGetsNumbersBack() {
    BridgeOptions options = new BridgeOptions(new JsonObject().put("pingTimeout", "2m").put("maxFrameSize", "8KiB"));

    assertThat(options.getPingTimeout()).isEqualTo(120_000);
    assertThat(options.getMaxFrameSize()).isEqualTo(8192);
    assertThat(options.toJson().getValue("pingTimeout")).isEqualTo(120_000L);
    assertThat(new BridgeOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void aTypoInTheConfigOrInAPermitIsRefusedWithItsPathAndTheKeyMeant() {
    String problems = problems("{rateLimti: 5, inbound: [{address: chat.post}, {adress: chat.post}],"
        + " outbound: [{addressRegex: x, rol: admin}]}");

    assertThat(problems)
        .contains("app.yaml:5: verticles[0].config.rateLimti: unknown key 'rateLimti' (did you mean 'rateLimit'?)")
        .contains("app.yaml:5: verticles[0].config.inbound[1].adress: unknown key 'adress' (did you mean 'address'?)")
        .contains("app.yaml:5: verticles[0].config.outbound[0].rol: unknown key 'rol' (did you mean 'role'?)");
  }

  @Test
  void aTypoInABlockPermitNamesItsOwnLine() {
    String yaml = """
        name: app
        verticles:
          - name: bridge
            class: %s
            config:
              outbound:
                - address: a
                - addressRegx: "b.*"
        """.formatted(BridgeVerticle.class.getName());

    assertThatThrownBy(() -> Descriptor.parse("app.yaml", yaml, Map.of(), Map.of(), getClass().getClassLoader()))
        .isInstanceOf(DescriptorException.class)
        .hasMessage("app.yaml:8: verticles[0].config.outbound[1].addressRegx: unknown key 'addressRegx'"
            + " (did you mean 'addressRegex'?)");
  }

  @Test
  void wrongTypesOutOfRangeNumbersAndUnknownPoliciesSayWhatIsExpected() {
    assertThat(problems("{port: abc}")).contains("config.port: expected a port number 0-65535 (0: any free port),"
        + " got 'abc'");
    assertThat(problems("{port: 70000}")).contains("config.port: must be from 0 to 65535, got 70000");
    assertThat(problems("{anonymous: maybe}")).contains("config.anonymous: expected true or false, got 'maybe'");
    assertThat(problems("{maxRegistrations: 0}")).contains("config.maxRegistrations: must be at least 1,"
        + " got 0");
    assertThat(problems("{slowConsumer: drop-olders}")).contains("config.slowConsumer: expected one of close,"
        + " drop-oldest, got 'drop-olders' (did you mean 'drop-oldest'?)");
    assertThat(problems("{pingTimeout: 500ms}")).contains("config.pingTimeout: must be at least 1s, got 500ms");
    assertThat(problems("{replyTimeout: soon}")).contains("config.replyTimeout: expected a duration such as 30s,"
        + " 500ms, 20m or 1h (a bare number is milliseconds), got 'soon'");
    assertThat(problems("{maxFrameSize: 64KB}")).contains("config.maxFrameSize: expected a size such as 64KiB or"
        + " 1MiB (a bare number is bytes), got '64KB'");
    assertThat(problems("{maxFrameSize: 100}")).contains("config.maxFrameSize: must be at least 256B");
    assertThat(problems("{writeQueueSize: 1000}")).contains("config.writeQueueSize: must be at least 1KiB");
    assertThat(problems("{path: /eventbus/}")).contains("config.path: '/eventbus/' is not a path that starts with /"
        + " and does not end with one (/eventbus)");
    assertThat(problems("{allowedOrigins: https://chat.example}")).contains("config.allowedOrigins: expected a list"
        + " of strings");
    assertThat(problems("{inbound: chat.post}")).contains("config.inbound: expected a list of mappings");
    assertThat(problems("{inbound: [chat.post]}")).contains("config.inbound[0]: each entry of 'inbound' must be a"
        + " mapping of keys");
  }

  @Test
  void aPermitNeedsExactlyOneAddressKeyARegexThatCompilesAndAMappingToMatch() {
    assertThat(problems("{inbound: [{role: user}]}"))
        .isEqualTo("app.yaml:5: verticles[0].config.inbound[0]: a permit needs address or addressRegex");
    assertThat(problems("{inbound: [{address: a, addressRegex: a}]}"))
        .isEqualTo("app.yaml:5: verticles[0].config.inbound[0].addressRegex: a permit takes address or addressRegex,"
            + " not both");
    assertThat(problems("{outbound: [{address: a}, {addressRegex: \"chat.(\"}]}"))
        .startsWith("app.yaml:5: verticles[0].config.outbound[1].addressRegex: is not a regex: ");
    assertThat(problems("{inbound: [{address: a, match: move}]}"))
        .isEqualTo("app.yaml:5: verticles[0].config.inbound[0].match: expected a mapping of body fields to values,"
            + " e.g. {kind: move}");

    JsonObject config = parse("{inbound: [{addressRegex: \"game\\\\.move\\\\..+\", match: {kind: move, n: {a: 1}},"
        + " role: player}], outbound: [{address: \"user.{user}.inbox\"}, {addressRegex: \"user\\\\.{user}\\\\..+\"}]}");
    BridgeOptions options = new BridgeOptions(config);
    assertThat(options.getInbound().get(0).getMatch()).isEqualTo(new JsonObject().put("kind", "move")
        .put("n", new JsonObject().put("a", 1)));
    assertThat(options.getOutbound()).hasSize(2);
  }

  @Test
  void framesLargerThanMessagesAndABurstOfNothingAreRefused() {
    assertThat(problems("{maxFrameSize: 4KiB, maxMessageSize: 1KiB}"))
        .isEqualTo("app.yaml:5: verticles[0].config.maxMessageSize: must be at least maxFrameSize (4096 bytes)");
    assertThat(problems("{rateLimit: 5, rateBurst: 0}")).isEqualTo("app.yaml:5: verticles[0].config.rateBurst: must"
        + " be at least 1 while rateLimit is on (rateLimit: 0 turns it off)");
    assertThat(new BridgeOptions(parse("{rateLimit: 0, rateBurst: 0}")).getRateLimit()).isZero();
  }

  @Test
  void theVerticleDeployedWithoutADescriptorRefusesEveryBadKeyAtOnce() {
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> Bridges.await(vertx.deployVerticle(new BridgeVerticle(), new DeploymentOptions()
          .setConfig(new JsonObject().put("port", 0).put("rateLimti", 5).put("pingTimeout", "1s")
              .put("inbound", new io.vertx.core.json.JsonArray().add(new JsonObject()))))))
          .hasMessageContaining("bridge: ")
          .hasMessageContaining("rateLimti: unknown key 'rateLimti' (did you mean 'rateLimit'?)")
          .hasMessageContaining("inbound[0]: a permit needs address or addressRegex");
      Bridges.await(vertx.deployVerticle(new BridgeVerticle(), new DeploymentOptions()
          .setConfig(new JsonObject().put("port", 0).put("host", "127.0.0.1").put("pingTimeout", "2s"))));
    } finally {
      Bridges.await(vertx.close());
    }
  }

  @Test
  void readmeKeyTableMatchesTheDeclaredKeys() {
    ConfigDocs.assertReadme(BridgeVerticle.CONFIG, Path.of("README.md"));
  }
}
