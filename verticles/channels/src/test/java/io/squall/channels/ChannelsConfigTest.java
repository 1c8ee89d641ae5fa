package io.squall.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.ConfigKey;
import io.squall.testing.ConfigDocs;
import io.squall.testing.OneVerticleDescriptor;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The channels verticle's config as a descriptor writes it: units, typos, wrong values, and the README's table. */
class ChannelsConfigTest {

  /** The config in a descriptor whose config mapping is on line 5. */
  private static JsonObject parse(String config) {
    return OneVerticleDescriptor.config("channels", ChannelsVerticle.class, config);
  }

  private static String problems(String config) {
    return OneVerticleDescriptor.problems("channels", ChannelsVerticle.class, config);
  }

  @Test
  void everyTimeKeyTakesUnitsAndABareNumberStaysSeconds() {
    assertThat(ChannelsOptions.KEYS.keys().stream().filter(k -> k.type() == ConfigKey.Type.DURATION)
        .map(ConfigKey::name)).as("the time keys this test covers")
        .containsExactlyInAnyOrder("historyTtl", "idempotencyWindow");

    ChannelsOptions units = new ChannelsOptions(parse("{historyTtl: 2h, idempotencyWindow: 5m}"));
    ChannelsOptions bare = new ChannelsOptions(parse("{historyTtl: 7200, idempotencyWindow: 300}"));

    for (ChannelsOptions o : new ChannelsOptions[] {units, bare}) {
      assertThat(o.getHistoryTtl()).isEqualTo(7200);
      assertThat(o.getIdempotencyWindow()).isEqualTo(300);
    }
    assertThat(new ChannelsOptions(parse("{historyTtl: 0s}")).getHistoryTtl()).isZero();
    assertThat(units.toJson()).isEqualTo(bare.toJson());
  }

  @Test
  void maxDataSizeTakesUnitsAndABareNumberStaysBytes() {
    assertThat(new ChannelsOptions(parse("{maxDataSize: 16KiB}")).getMaxDataSize()).isEqualTo(16 * 1024);
    assertThat(new ChannelsOptions(parse("{maxDataSize: 16384}")).getMaxDataSize()).isEqualTo(16 * 1024);
  }

  @Test
  void javaCodeWritesUnitsTooAndGetsNumbersBack() {
    ChannelsOptions options = new ChannelsOptions(new JsonObject().put("historyTtl", "1h").put("maxDataSize", "1MiB"));

    assertThat(options.getHistoryTtl()).isEqualTo(3600);
    assertThat(options.getMaxDataSize()).isEqualTo(1024 * 1024);
    assertThat(new ChannelsOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void aTypoIsRefusedWithItsPathAndTheKeyMeant() {
    assertThat(problems("{historySize: 10, histroyTtl: 60}")).isEqualTo("app.yaml:5: verticles[0].config.histroyTtl:"
        + " unknown key 'histroyTtl' (did you mean 'historyTtl'?)");
  }

  @Test
  void wrongTypesOutOfRangeNumbersAndFractionsOfASecondSayWhatIsExpected() {
    assertThat(problems("{historySize: many}")).contains("config.historySize: expected a whole number at least 1,"
        + " got 'many'");
    assertThat(problems("{presence: sometimes}")).contains("config.presence: expected true or false, got 'sometimes'");
    assertThat(problems("{maxHistoryLimit: 5000}"))
        .contains("config.maxHistoryLimit: must be from 1 to 1000, got 5000");
    assertThat(problems("{historyTtl: 1500ms}")).contains("config.historyTtl: '1500ms' is not a whole number of"
        + " seconds");
    assertThat(problems("{historyTtl: -1}")).contains("config.historyTtl: must be at least 0s, got -1s");
    assertThat(problems("{idempotencyWindow: 0s}")).contains("config.idempotencyWindow: must be at least 1s");
    assertThat(problems("{maxDataSize: 64kb}")).contains("config.maxDataSize: expected a size such as 64KiB or 1MiB"
        + " (a bare number is bytes), got '64kb'");
    assertThat(problems("{defaultHistoryLimit: 200, maxHistoryLimit: 100}")).isEqualTo("app.yaml:5:"
        + " verticles[0].config.defaultHistoryLimit: must be at most maxHistoryLimit (100)");
  }

  @Test
  void theVerticleDeployedWithoutADescriptorRefusesEveryBadKeyAtOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> vertx.deployVerticle(new ChannelsVerticle(), new DeploymentOptions()
              .setConfig(new JsonObject().put("historySize", 0).put("presense", false)))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS))
          .hasMessageContaining("channels: ")
          .hasMessageContaining("presense: unknown key 'presense' (did you mean 'presence'?)")
          .hasMessageContaining("historySize: must be at least 1");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void readmeKeyTableMatchesTheDeclaredKeys() {
    ConfigDocs.assertReadme(ChannelsVerticle.CONFIG, Path.of("README.md"));
  }
}
