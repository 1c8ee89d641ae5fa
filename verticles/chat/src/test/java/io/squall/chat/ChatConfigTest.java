package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.ConfigKey;
import io.squall.testing.ConfigDocs;
import io.squall.testing.OneVerticleDescriptor;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat verticle's config as a descriptor writes it: units, typos, wrong values, and the README's table. */
class ChatConfigTest {

  /** The config in a descriptor whose config mapping is on line 5. */
  private static JsonObject parse(String config) {
    return OneVerticleDescriptor.config("chat", ChatVerticle.class, config);
  }

  private static String problems(String config) {
    return OneVerticleDescriptor.problems("chat", ChatVerticle.class, config);
  }

  @Test
  void theTimeoutTakesUnitsAndABareNumberStaysMilliseconds() {
    assertThat(ChatOptions.KEYS.keys().stream().filter(k -> k.type() == ConfigKey.Type.DURATION)
        .map(ConfigKey::name)).as("the time keys this test covers").containsExactly("timeout");

    assertThat(new ChatOptions(parse("{timeout: 3s}")).getTimeout()).isEqualTo(3000);
    assertThat(new ChatOptions(parse("{timeout: 3000}")).getTimeout()).isEqualTo(3000);
    assertThat(new ChatOptions(parse("{timeout: 250ms}")).getTimeout()).isEqualTo(250);
    assertThat(new ChatOptions(new JsonObject().put("timeout", "1m")).getTimeout()).as("from Java").isEqualTo(60_000);
  }

  @Test
  void aTypoIsRefusedWithItsPathAndTheKeyMeant() {
    assertThat(problems("{rooms: [lobby], openRoom: false}")).isEqualTo("app.yaml:5: verticles[0].config.openRoom:"
        + " unknown key 'openRoom' (did you mean 'openRooms'?)");
  }

  @Test
  void badRoomNamesWrongTypesAndOutOfRangeNumbersSayWhatIsExpected() {
    assertThat(problems("{rooms: [lobby, Big Room]}")).isEqualTo("app.yaml:5: verticles[0].config.rooms[1]: 'Big Room'"
        + " is not a room name: 1 to 40 of a-z, 0-9 and -, starting with a letter or digit");
    assertThat(problems("{rooms: lobby}")).contains("config.rooms: expected a list of strings, e.g. [a, b], got"
        + " 'lobby'");
    assertThat(problems("{guests: yes please}")).contains("config.guests: expected true or false, got 'yes please'");
    assertThat(problems("{pageSize: 5000}")).contains("config.pageSize: must be from 1 to 1000, got 5000");
    assertThat(problems("{maxLength: 0}")).contains("config.maxLength: must be at least 1, got 0");
    assertThat(problems("{timeout: 0s}")).contains("config.timeout: must be at least 1ms, got 0s");
    assertThat(problems("{timeout: 10 seconds}")).contains("config.timeout: expected a duration such as 30s, 500ms,"
        + " 20m or 1h (a bare number is milliseconds), got '10 seconds'");
    assertThat(problems("{bridgeUrl: 8081}")).contains("config.bridgeUrl: expected a string, got '8081'");
  }

  @Test
  void theDefaultsAndTheJsonRoundTripStayAsTheyWere() {
    ChatOptions defaults = new ChatOptions(parse("{}"));

    assertThat(defaults.getRooms()).isEqualTo(List.of("lobby", "random"));
    assertThat(defaults.getTimeout()).isEqualTo(ChatOptions.DEFAULT_TIMEOUT);
    assertThat(defaults.toJson()).isEqualTo(new ChatOptions().toJson());
    ChatOptions set = new ChatOptions().setRooms(List.of("a")).setGuests(true).setPageSize(7).setTimeout(99)
        .setBridgeUrl("https://chat.example/eventbus");
    assertThat(new ChatOptions(set.toJson()).toJson()).isEqualTo(set.toJson());
    assertThat(ChatOptions.KEYS.check(set.toJson(), getClass().getClassLoader())).isEmpty();
  }

  @Test
  void theVerticleDeployedWithoutADescriptorRefusesEveryBadKeyAtOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> vertx.deployVerticle(new ChatVerticle(), new DeploymentOptions()
              .setConfig(new JsonObject().put("rooms", new JsonArray().add("Lobby")).put("pagesize", 10)))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS))
          .hasMessageContaining("chat: ")
          .hasMessageContaining("pagesize: unknown key 'pagesize' (did you mean 'pageSize'?)")
          .hasMessageContaining("rooms[0]: 'Lobby' is not a room name");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void readmeKeyTableMatchesTheDeclaredKeys() {
    ConfigDocs.assertReadme(ChatVerticle.CONFIG, Path.of("README.md"));
  }
}
