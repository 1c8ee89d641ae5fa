package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that fails (its Hazelcast member stopped) is answered at once with 503 and a safe message, not left to the
 * sender's timeout: publishes to a new channel and to a known one, with an id and without, and history reads.
 */
class StoreFailureTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void everyRequestIsAnswered503WhenTheStoreIsDown() {
    Bus.deploy(vertx, new ChannelsOptions().setPresence(false));
    Bus.publish(vertx, "known", "before");
    await(ClusterStore.instance(vertx)).getLifecycleService().terminate();

    for (JsonObject request : new JsonObject[] {
        new JsonObject().put("channel", "known").put("data", "x"),
        new JsonObject().put("channel", "known").put("data", "x").put("id", "k"),
        new JsonObject().put("channel", "brand-new").put("data", "x")}) {
      long started = System.nanoTime();
      ReplyException refused = failure(vertx, Addresses.CHANNELS_PUBLISH, request);
      assertThat(refused.failureCode()).as(request.encode()).isEqualTo(503);
      assertThat(refused.getMessage()).isEqualTo("the channel store is not available");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered, not timed out").isLessThan(
          Duration.ofSeconds(10));
    }
    ReplyException history = failure(vertx, Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", "known"));
    assertThat(history.failureCode()).isEqualTo(503);
  }
}
