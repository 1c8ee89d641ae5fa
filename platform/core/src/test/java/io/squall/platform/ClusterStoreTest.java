package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClusterStoreTest {

  @Test
  void standaloneNodeGetsOnePrivateMemberThatStopsWithVertx() throws Exception {
    Vertx vertx = Vertx.vertx();
    HazelcastInstance hz = ClusterStore.instance(vertx).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    HazelcastInstance again = ClusterStore.instance(vertx).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

    hz.getMap("m").put("k", "v");
    assertThat(again).isSameAs(hz);
    assertThat(again.<String, String>getMap("m").get("k")).isEqualTo("v");
    assertThat(hz.getCluster().getMembers()).hasSize(1);
    assertThat(hz.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");

    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(hz.getLifecycleService().isRunning()).isFalse();
  }
}
