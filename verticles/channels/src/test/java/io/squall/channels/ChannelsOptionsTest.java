package io.squall.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    new ChannelsOptions().validate();
    assertThatThrownBy(() -> new ChannelsOptions().setHistorySize(0).validate()).hasMessageContaining("historySize");
    assertThatThrownBy(() -> new ChannelsOptions().setHistoryTtl(-1).validate()).hasMessageContaining("historyTtl");
    assertThatThrownBy(() -> new ChannelsOptions().setMaxDataSize(0).validate()).hasMessageContaining("maxDataSize");
    assertThatThrownBy(() -> new ChannelsOptions().setMaxHistoryLimit(1001).validate())
        .hasMessageContaining("maxHistoryLimit");
    assertThatThrownBy(() -> new ChannelsOptions().setDefaultHistoryLimit(101).setMaxHistoryLimit(100).validate())
        .hasMessageContaining("defaultHistoryLimit");
    assertThatThrownBy(() -> new ChannelsOptions().setIdempotencyWindow(0).validate())
        .hasMessageContaining("idempotencyWindow");
    assertThatThrownBy(() -> new ChannelsOptions().setMaxChannels(0).validate()).hasMessageContaining("maxChannels");
  }
}
