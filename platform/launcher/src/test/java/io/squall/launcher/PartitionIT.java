package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node cut off and healed: SIGSTOP past the heartbeat timeout (the others drop it), then SIGCONT. The cluster must
 * converge to all members again and event-bus requests must reach the healed node's consumers (the failure modes of
 * vert.x#4394 and vertx-hazelcast#196: a merged node whose subscriptions the others no longer know).
 */
class PartitionIT {

  private static final String APP = "src/test/resources/descriptors/good/cluster-app.yaml";
  private final List<SquallProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, String cluster, String roles, String... extra) {
    // the packaged cluster-config/local.xml as it is: its merge delays (5 s) are what heals the split in seconds
    SquallProcess p = SquallProcess.clusterMember(APP, cluster, roles, extra).name(name).withTestVerticles().start();
    processes.add(p);
    return p;
  }

  private static int members(SquallProcess p) {
    try {
      return p.info().getInteger("members");
    } catch (RuntimeException e) {
      return -1;
    }
  }

  @Test
  void aNodeStoppedPastTheHeartbeatTimeoutRejoinsAndItsConsumersAreReachableAgain() throws Exception {
    String cluster = "squall-partition-it-" + UUID.randomUUID();
    SquallProcess front = node("front", cluster, "front");
    SquallProcess back = node("back", cluster, "back", "--set", "echo.tag=healed");
    int probePort = front.awaitReady(Duration.ofSeconds(60)).port("probe");  // the descriptor's port 0
    back.awaitReady(Duration.ofSeconds(60));
    awaitCondition("two members", Duration.ofSeconds(30), () -> members(front) == 2);
    assertThat(new JsonObject(SquallProcess.get(probePort, "/ask?address=test.echo").orElseThrow().body())
        .getString("from")).isEqualTo("healed");

    signal(back, "STOP");
    awaitCondition("front drops the stopped node", Duration.ofSeconds(30), () -> members(front) == 1);
    awaitCondition("requests fail fast while it is gone", Duration.ofSeconds(30),
        () -> SquallProcess.get(probePort, "/ask?address=test.echo").orElseThrow().statusCode() == 503);
    long healed = System.nanoTime();
    signal(back, "CONT");

    awaitCondition("both see two members again", Duration.ofSeconds(90), () -> members(front) == 2 && members(back) == 2);
    awaitCondition("the healed node's consumers answer again", Duration.ofSeconds(60),
        () -> SquallProcess.get(probePort, "/ask?address=test.echo").orElseThrow().statusCode() == 200);
    System.out.printf("partition healed: cluster and routing back %d ms after SIGCONT%n",
        (System.nanoTime() - healed) / 1_000_000);
  }

  private static void signal(SquallProcess p, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
  }
}
