package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.failure;
import static io.squall.channels.Bus.history;
import static io.squall.channels.Bus.publish;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.impl.RingbufferService;
import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** maxChannels: new channels beyond it are refused, existing ones go on, and reading unknown ones creates nothing. */
class ChannelLimitTest {

  private Vertx vertx;
  private HazelcastInstance hz;

  @BeforeEach
  void deploy() {
    vertx = Vertx.vertx();
    Bus.deploy(vertx, new ChannelsOptions().setMaxChannels(5));
    hz = await(ClusterStore.instance(vertx));
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  /** Ringbuffer proxies this member knows of: one per channel that was published to, or read before the limit. */
  static long ringbuffers(HazelcastInstance hz) {
    return hz.getDistributedObjects().stream()
        .filter(o -> RingbufferService.SERVICE_NAME.equals(o.getServiceName()))
        .filter(o -> o.getName().startsWith(Store.RINGBUFFER_PREFIX)).count();
  }

  @Test
  void publishingToOneChannelMoreThanMaxChannelsIsRefusedWhileTheExistingOnesGoOn() {
    for (int i = 0; i < 5; i++) {
      assertThat(publish(vertx, "room." + i, "first")).isEqualTo(1);
    }

    ReplyException refused = failure(vertx, Addresses.CHANNELS_PUBLISH,
        new JsonObject().put("channel", "room.5").put("data", "one too many"));

    assertThat(refused.failureCode()).isEqualTo(503);
    assertThat(refused.getMessage()).isEqualTo("the channel limit (5) is reached: no new channels until idle ones expire");
    assertThat(publish(vertx, "room.0", "second")).isEqualTo(2);
    assertThat(history(vertx, new JsonObject().put("channel", "room.5").put("since", 0)).getJsonArray("messages"))
        .isEmpty();
    assertThat(ringbuffers(hz)).isEqualTo(5);
  }

  @Test
  void aFloodOfConcurrentPublishesToNewChannelsCreatesExactlyTheLimit() {
    List<Future<JsonObject>> flood = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      flood.add(Bus.ask(vertx, Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", "flood." + i)
          .put("data", "x"), new DeliveryOptions()));
    }
    // join: fails when any failed, but only once all have ended
    await(Future.join(flood).otherwiseEmpty());

    long stored = flood.stream().filter(Future::succeeded).count();
    System.out.printf("200 concurrent publishes to new channels, maxChannels 5: %d stored, %d ringbuffers%n", stored,
        ringbuffers(hz));
    assertThat(flood).filteredOn(Future::failed)
        .allSatisfy(f -> assertThat(((ReplyException) f.cause()).failureCode()).isEqualTo(503));
    // one verticle instance creates one channel at a time: counting and creating do not interleave
    assertThat(stored).isEqualTo(5);
    assertThat(ringbuffers(hz)).isEqualTo(5);
  }

  @Test
  void readingTheHistoryOfChannelsThatDoNotExistCreatesNothingInTheStore() {
    for (int i = 0; i < 100; i++) {
      JsonObject page = history(vertx, new JsonObject().put("channel", "nobody." + i));
      assertThat(page.getJsonArray("messages")).isEmpty();
      assertThat(page.getBoolean("complete")).isTrue();
      assertThat(history(vertx, new JsonObject().put("channel", "nobody." + i).put("since", 7)).getBoolean("complete"))
          .as("a seq the store does not have: reload").isFalse();
    }

    assertThat(ringbuffers(hz)).isZero();
  }
}
