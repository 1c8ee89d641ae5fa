package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.history;
import static io.squall.channels.Bus.publish;
import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** historyTtl: messages expire, sequence numbers do not start over, and a client whose messages expired reloads. */
class ExpiryTest {

  private static Vertx vertx;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    Bus.deploy(vertx, new ChannelsOptions().setHistoryTtl(1));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  @Test
  void expiredMessagesLeaveHistoryAndAClientThatHadThemIsToldToReload() {
    String channel = "expiring";
    publish(vertx, channel, "a");
    publish(vertx, channel, "b");
    JsonObject upToDate = new JsonObject().put("channel", channel).put("since", 2);
    assertThat(history(vertx, upToDate).getBoolean("complete")).isTrue();

    awaitCondition("both messages to expire", Duration.ofSeconds(15),
        () -> history(vertx, new JsonObject().put("channel", channel)).getJsonArray("messages").isEmpty());

    // nothing at or after the client's last message: it cannot tell whether it missed any
    assertThat(history(vertx, upToDate).getBoolean("complete")).isFalse();
    assertThat(history(vertx, new JsonObject().put("channel", channel)).getBoolean("complete")).isTrue();

    assertThat(publish(vertx, channel, "c")).as("seq goes on after expiry").isEqualTo(3);
    JsonObject after = history(vertx, upToDate);
    assertThat(after.getBoolean("complete")).isTrue();
    assertThat(after.getJsonArray("messages").getJsonObject(0).getString("data")).isEqualTo("c");
  }
}
