package io.squall.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ChannelsOptionsTest {

  @Test
  void hasTheDocumentedDefaults() {
    ChannelsOptions o = new ChannelsOptions(new JsonObject());

    assertThat(o.getHistorySize()).isEqualTo(1000);
    assertThat(o.getHistoryTtl()).isEqualTo(3600);
    assertThat(o.getMaxDataSize()).isEqualTo(64 * 1024);
    assertThat(o.getDefaultHistoryLimit()).isEqualTo(100);
    assertThat(o.getMaxHistoryLimit()).isEqualTo(1000);
    assertThat(o.isPresence()).isTrue();
    assertThat(o.getMaxChannels()).isEqualTo(5000);
    assertThat(o.toJson()).isEqualTo(new ChannelsOptions().toJson());
  }

  @Test
  void roundTripsEveryKeyThroughJson() {
    ChannelsOptions o = new ChannelsOptions().setHistorySize(50).setHistoryTtl(0).setMaxDataSize(512)
        .setDefaultHistoryLimit(20).setMaxHistoryLimit(40).setPresence(false).setIdempotencyWindow(60).setMaxChannels(7);

    JsonObject json = o.toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("historySize", "historyTtl", "maxDataSize",
        "defaultHistoryLimit", "maxHistoryLimit", "presence", "idempotencyWindow", "maxChannels");
    assertThat(new ChannelsOptions(json).toJson()).isEqualTo(json);
    assertThat(new ChannelsOptions(o).toJson()).isEqualTo(json);
    assertThat(json.getInteger("historySize")).isEqualTo(50);
    assertThat(json.getBoolean("presence")).isFalse();
    assertThat(json.getInteger("idempotencyWindow")).isEqualTo(60);
    assertThat(json.getInteger("maxChannels")).isEqualTo(7);
  }

  @Test
  void rejectsValuesThatCannotWorkNamingTheKey() {
    assertThat(problems(new ChannelsOptions())).isEmpty();
    assertThat(problems(new ChannelsOptions().setHistorySize(0))).startsWith("historySize: must be at least 1");
    assertThat(problems(new ChannelsOptions().setHistoryTtl(-1))).startsWith("historyTtl: must be at least 0s");
    assertThat(problems(new ChannelsOptions().setMaxDataSize(0))).startsWith("maxDataSize: must be at least 1B");
    assertThat(problems(new ChannelsOptions().setMaxHistoryLimit(1001)))
        .isEqualTo("maxHistoryLimit: must be from 1 to 1000, got 1001");
    assertThat(problems(new ChannelsOptions().setDefaultHistoryLimit(101).setMaxHistoryLimit(100)))
        .isEqualTo("defaultHistoryLimit: must be at most maxHistoryLimit (100)");
    assertThat(problems(new ChannelsOptions().setIdempotencyWindow(0)))
        .startsWith("idempotencyWindow: must be at least 1s");
    assertThat(problems(new ChannelsOptions().setMaxChannels(0))).startsWith("maxChannels: must be at least 1");
  }

  private static String problems(ChannelsOptions options) {
    return String.join("; ", ChannelsOptions.KEYS.check(options.toJson(), ChannelsOptionsTest.class.getClassLoader())
        .stream().map(Object::toString).toList());
  }
}
