package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real squall JVMs on the packaged local.xml: membership, cross-node requests, SIGKILL and SIGTERM. */
class ClusterIT {

  private static final String APP = "src/test/resources/descriptors/good/cluster-app.yaml";
  private final List<SquallProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, String cluster, String roles, String... extra) {
    SquallProcess p = SquallProcess.clusterMember(APP, cluster, roles, extra).name(name).withTestVerticles().start();
    processes.add(p);
    return p;
  }

  private static int members(SquallProcess p) {
    return p.info().getInteger("members");
  }

  @Test
  void twoNodesFormAClusterSurviveAKillAndDrainOnSigterm() throws Exception {
    String cluster = "squall-it-" + UUID.randomUUID();
    SquallProcess b = node("b", cluster, "back").awaitReady();
    long firstReady = b.millisSinceStart();
    SquallProcess a = node("a", cluster, "front").awaitReady();
    int probePort = a.port("probe");  // the descriptor's probe listens on port 0
    System.out.printf("time to ready: first clustered node %d ms, second (joining) node %d ms%n", firstReady,
        a.millisSinceStart());

    awaitCondition("both nodes to see 2 members", Duration.ofSeconds(30), () -> members(a) == 2 && members(b) == 2);
    assertThat(a.info().getBoolean("clustered")).isTrue();

    // A has no echo consumer: the request crosses to B and back.
    HttpResponse<String> asked = SquallProcess.get(probePort, "/ask?address=test.echo").orElseThrow();
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(asked.body()).getString("from")).isEqualTo("back");

    long killed = System.nanoTime();
    b.sigkill();
    awaitCondition("A to see B gone", Duration.ofSeconds(15), () -> members(a) == 1);
    System.out.printf("A saw SIGKILLed B leave after %d ms%n", (System.nanoTime() - killed) / 1_000_000);
    // Once B's subscriptions are gone, a request for its address fails at once instead of timing out on it.
    long gone = System.nanoTime();
    long[] slowest = {0};
    awaitCondition("requests for B's address to fail fast with 503", Duration.ofSeconds(20), () -> {
      long sent = System.nanoTime();
      int status = SquallProcess.get(probePort, "/ask?address=test.echo").orElseThrow().statusCode();
      slowest[0] = Math.max(slowest[0], System.nanoTime() - sent);
      return status == 503;
    });
    System.out.printf("requests to B's address failed fast after %d ms; the slowest of them took %d ms%n",
        (System.nanoTime() - gone) / 1_000_000, slowest[0] / 1_000_000);
    assertThat(Duration.ofNanos(slowest[0])).as("no request waits on the dead node (its timeout is 30 s)")
        .isLessThan(Duration.ofSeconds(5));

    SquallClient probe = SquallClient.to(probePort);
    CompletableFuture<HttpResponse<String>> inFlight = probe.http().sendAsync(probe.request("/slow?ms=2000").build(),
        HttpResponse.BodyHandlers.ofString());
    awaitCondition("the slow request to be in flight", Duration.ofSeconds(10),
        () -> "1".equals(SquallProcess.get(probePort, "/inflight").orElseThrow().body()));

    long term = System.nanoTime();
    a.sigterm();
    List<Integer> readiness = new ArrayList<>();
    awaitCondition("A's management port to close", Duration.ofSeconds(25), () -> {
      int status = a.status("/health/ready");
      if (readiness.isEmpty() || readiness.get(readiness.size() - 1) != status) {
        readiness.add(status);
      }
      return status == -1;
    });
    assertThat(a.waitForExit(Duration.ofSeconds(25))).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - term)).isLessThan(Duration.ofSeconds(25));
    System.out.printf("A drained and exited 0 in %d ms; readiness went %s%n", (System.nanoTime() - term) / 1_000_000,
        readiness);

    // A poll may still see 200 before the JVM handles the signal; from the first 503 on, never again.
    assertThat(readiness).containsSubsequence(503, -1);
    assertThat(readiness.subList(readiness.indexOf(503), readiness.size())).containsExactly(503, -1);
    HttpResponse<String> finished = inFlight.get(5, TimeUnit.SECONDS);
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.body()).isEqualTo("done");
    assertThat(a.log()).contains("SIGTERM received: draining").contains("stopped in");
  }
}
