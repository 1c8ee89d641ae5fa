package io.squall.channels;

import static io.squall.channels.Bus.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.platform.Node;
import io.squall.testing.SquallNodes;
import io.squall.testing.SquallProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a node (started from a descriptor, two instances), the verticle's meters appear at {@code /metrics}. */
class ChannelsMetricsTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @Test
  void publishesHistoryRequestsPresenceEventsAndRejectsAreCountedOnTheNodesMetrics() {
    Node node = nodes.start(SquallNodes.options("src/test/resources/channels-app.yaml"));
    Vertx vertx = node.vertx();

    Bus.publish(vertx, "metered", "one");
    Bus.publish(vertx, "metered", "two");
    JsonObject keyed = new JsonObject().put("channel", "metered").put("data", "three").put("id", "k");
    Bus.request(vertx, Addresses.CHANNELS_PUBLISH, keyed);
    assertThat(Bus.request(vertx, Addresses.CHANNELS_PUBLISH, keyed).getBoolean("duplicate")).isTrue();
    Bus.history(vertx, new JsonObject().put("channel", "metered"));
    Bus.join(vertx, "metered", "alice", "s1", node.nodeId());
    assertThat(failure(vertx, Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", "metered")
        .put("data", "more than sixteen bytes")).failureCode()).isEqualTo(413);
    assertThat(failure(vertx, Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", "a b")).failureCode())
        .isEqualTo(400);

    String metrics = SquallProcess.get(node.managementPort(), "/metrics").orElseThrow().body();
    assertThat(metrics)
        .contains("squall_channels_published_total 3.0")
        .contains("squall_channels_publish_duration_seconds_count 3")
        .contains("squall_channels_publish_duplicates_total 1.0")
        .contains("squall_channels_history_requests_total 2.0")
        .contains("squall_channels_presence_events_total{type=\"join\"} 1.0")
        .contains("squall_channels_rejected_total{address=\"publish\",reason=\"too_large\"} 1.0")
        .contains("squall_channels_rejected_total{address=\"history\",reason=\"bad_request\"} 1.0");
  }

  @Test
  void aPublishRefusedAtTheChannelLimitIsCountedByItsReason() {
    Node node = nodes.start(SquallNodes.options("src/test/resources/channels-limit-app.yaml"));
    Bus.publish(node.vertx(), "first", "fits");
    assertThat(failure(node.vertx(), Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", "second")
        .put("data", "over")).failureCode()).isEqualTo(503);

    assertThat(SquallProcess.get(node.managementPort(), "/metrics").orElseThrow().body())
        .contains("squall_channels_rejected_total{address=\"publish\",reason=\"channel_limit\"} 1.0");
  }
}
