package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;

import org.junit.jupiter.api.Test;

class InJvmClusterTest {

  @Test
  void membersOfOneClusterReachEachOthersConsumers() {
    try (InJvmCluster cluster = InJvmCluster.start(2)) {
      SquallNodes.await(cluster.vertx(1).eventBus().<String>consumer("ping", m -> m.reply("pong from 1")).completion());

      assertThat(SquallNodes.await(cluster.vertx(0).eventBus().request("ping", "hi")).body()).isEqualTo("pong from 1");
    }
  }

  @Test
  void twoClustersOnOneMachineNeverMerge() {
    try (InJvmCluster one = InJvmCluster.start(1); InJvmCluster other = InJvmCluster.start(1)) {
      assertThat(one.name()).isNotEqualTo(other.name());
      assertThat(members(one.vertx(0))).isEqualTo(1);
      assertThat(members(other.vertx(0))).isEqualTo(1);
      SquallNodes.await(other.vertx(0).eventBus().<String>consumer("only.in.other", m -> m.reply("x")).completion());
      assertThatThrownBy(() -> SquallNodes.await(one.vertx(0).eventBus().request("only.in.other", "hi")))
          .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    }
  }

  private static int members(io.vertx.core.Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager().getNodes().size();
  }
}
