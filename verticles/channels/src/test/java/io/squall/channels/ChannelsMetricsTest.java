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
    Bus.history(vertx, new JsonObject().put("channel", "metered"));
    Bus.join(vertx, "metered", "alice", "s1", node.nodeId());
    assertThat(failure(vertx, Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", "metered")
        .put("data", "more than sixteen bytes")).failureCode()).isEqualTo(413);
    assertThat(failure(vertx, Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", "a b")).failureCode())
        .isEqualTo(400);

    String metrics = SquallProcess.get(node.managementPort(), "/metrics").orElseThrow().body();
    assertThat(metrics)
        .contains("squall_channels_published_total 2.0")
        .contains("squall_channels_publish_duration_seconds_count 2")
        .contains("squall_channels_history_requests_total 2.0")
        .contains("squall_channels_presence_events_total{type=\"join\"} 1.0")
        .contains("squall_channels_rejected_total{address=\"publish\",reason=\"too_large\"} 1.0")
        .contains("squall_channels_rejected_total{address=\"history\",reason=\"bad_request\"} 1.0");
  }
}
