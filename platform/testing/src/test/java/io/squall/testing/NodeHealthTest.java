package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.squall.platform.ClusterStore;
import io.squall.platform.Node;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node whose Hazelcast member stopped (Hazelcast shuts it down for good after an OutOfMemoryError in its threads)
 * serves nothing that keeps state: liveness and readiness say so, with the reason, so that an orchestrator restarts it.
 */
class NodeHealthTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  private static final String APP = "src/test/resources/app.yaml";

  private static HttpResponse<String> get(Node node, String path) {
    return SquallProcess.get(node.managementPort(), path).orElseThrow();
  }

  private static void assertDown(Node node) {
    for (String probe : new String[] {"/health/live", "/health/ready"}) {
      HttpResponse<String> answer = get(node, probe);
      assertThat(answer.statusCode()).as(probe).isEqualTo(503);
      assertThat(new JsonObject(answer.body())).as(probe)
          .isEqualTo(new JsonObject().put("status", "DOWN").put("reason", "hazelcast is not running"));
    }
    assertThat(new JsonObject(get(node, "/info").body()).getBoolean("ready")).isFalse();
  }

  @Test
  void aStandaloneNodeWhosePrivateHazelcastMemberStoppedIsNeitherLiveNorReady() {
    Node node = nodes.start(SquallNodes.options(APP));
    assertThat(get(node, "/health/live").statusCode()).as("no member made yet: nothing to be down").isEqualTo(200);
    HazelcastInstance store = SquallNodes.await(ClusterStore.instance(node.vertx()));
    assertThat(get(node, "/health/ready").statusCode()).isEqualTo(200);

    store.getLifecycleService().terminate();

    assertDown(node);
  }

  @Test
  void aClusteredNodeWhoseHazelcastMemberStoppedIsNeitherLiveNorReady() {
    Node node = nodes.start(SquallNodes.options(APP).setClustered(true)
        .setClusterName("squall-test-" + UUID.randomUUID()).setClusterHost("127.0.0.1"));
    assertThat(get(node, "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(node, "/health/ready").statusCode()).isEqualTo(200);

    SquallNodes.await(ClusterStore.instance(node.vertx())).getLifecycleService().terminate();

    assertDown(node);
  }
}
