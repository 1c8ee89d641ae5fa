package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InJvmClusterTest {

  @Test
  void membersOfOneClusterReachEachOthersConsumers() {
    try (InJvmCluster cluster = InJvmCluster.start(2)) {
      SquallNodes.await(cluster.vertx(1).eventBus().<String>consumer("ping", m -> m.reply("pong from 1")).completion());

      assertThat(SquallNodes.await(cluster.vertx(0).eventBus().request("ping", "hi")).body()).isEqualTo("pong from 1");
      assertThat(cluster.name()).startsWith("squall-test-");
    }
  }
}
