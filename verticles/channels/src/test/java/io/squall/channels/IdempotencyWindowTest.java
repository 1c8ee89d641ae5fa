package io.squall.channels;

import static io.squall.channels.Bus.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.SquallProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A publish id is remembered for idempotencyWindow (1 s here), then forgotten: the same id is stored again. */
class IdempotencyWindowTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void anIdIsForgottenOnceItsWindowHasPassed() {
    Bus.deploy(vertx, new ChannelsOptions().setPresence(false).setIdempotencyWindow(1));
    JsonObject keyed = new JsonObject().put("channel", "windowed").put("data", "x").put("id", "k");
    assertThat(Bus.request(vertx, Addresses.CHANNELS_PUBLISH, keyed).getLong("seq")).isEqualTo(1);
    assertThat(Bus.request(vertx, Addresses.CHANNELS_PUBLISH, keyed).getBoolean("duplicate")).isTrue();

    SquallProcess.awaitCondition("the id is forgotten", Duration.ofSeconds(10),
        () -> !Bus.request(vertx, Addresses.CHANNELS_PUBLISH, keyed).containsKey("duplicate"));
  }
}
