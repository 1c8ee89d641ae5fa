package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.ProbeVerticle;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that runs out of heap exits, non-zero, so that its orchestrator starts it again: left running, it answers
 * health checks with 200 and everything else with 500 (Hazelcast stops its member after an OutOfMemoryError). The
 * probe verticle fills a 64 MiB heap on request.
 */
class OutOfMemoryIT {

  private static final String APP = "src/test/resources/descriptors/good/cluster-app.yaml";
  /** ExitOnOutOfMemoryError's exit status. */
  private static final int OUT_OF_MEMORY_EXIT = 3;

  private Process script;

  @AfterEach
  void killTheScriptsNode() throws InterruptedException {
    if (script != null && script.isAlive()) {
      script.destroyForcibly();
      script.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeRunByTheTestHarnessExitsWhenItsHeapRunsOut() {
    // the descriptor's probe listens on port 0
    try (SquallProcess node = SquallProcess.run(APP, "--roles", "front")
        .jvmArg("-Xmx64m").withTestVerticles().name("out-of-memory").start().awaitReady()) {
      int probe = node.port("probe");

      long exhausted = System.nanoTime();
      SquallProcess.get(probe, "/exhaust-heap");

      assertThat(node.waitForExit(Duration.ofSeconds(60))).as(node.log()).isEqualTo(OUT_OF_MEMORY_EXIT);
      assertDiedWithin30s(exhausted);
      assertThat(node.log()).contains("Terminating due to java.lang.OutOfMemoryError");
    }
  }

  @Test
  void aNodeRunByTheSquallScriptExitsWhenItsHeapRunsOutWhateverSquallJavaOptsSays(@TempDir Path dir)
      throws Exception {
    // the script as it is, beside the jar it runs; with no sources next to it, it has nothing to rebuild
    Path launcher = Files.copy(SquallProcess.root().resolve("squall"), dir.resolve("squall"));
    Files.createDirectories(dir.resolve("platform/launcher/target"));
    Files.createSymbolicLink(dir.resolve("platform/launcher/target/squall.jar"), SquallProcess.jar());
    Path log = dir.resolve("node.log");
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", launcher.toString(), "run",
        Path.of(APP).toAbsolutePath().toString(), "--roles", "front", "--management-port", "0", "--classpath",
        Path.of(ProbeVerticle.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SQUALL_"));
    pb.environment().put("SQUALL_JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    script = pb.start();
    int[] management = {-1};
    awaitCondition("the script's node to be ready", Duration.ofSeconds(60), () -> {
      assertThat(script.isAlive()).as("the script's node exited early:\n%s", read(log)).isTrue();
      management[0] = SquallProcess.managementPortIn(read(log)).orElse(-1);
      return management[0] > 0
          && SquallProcess.get(management[0], "/health/ready").map(r -> r.statusCode() == 200).orElse(false);
    });
    int probe = new JsonObject(SquallProcess.get(management[0], "/info").orElseThrow().body()).getJsonObject("ports")
        .getInteger("probe.port");

    long exhausted = System.nanoTime();
    SquallProcess.get(probe, "/exhaust-heap");

    assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("exited:\n%s", read(log)).isTrue();
    assertDiedWithin30s(exhausted);
    assertThat(script.exitValue()).isEqualTo(OUT_OF_MEMORY_EXIT);
    assertThat(read(log)).contains("Terminating due to java.lang.OutOfMemoryError");
  }

  /** The worst case of this fault: how long a node out of heap lingers (answering 500s) before it is gone. */
  private static void assertDiedWithin30s(long exhausted) {
    Duration dying = Duration.ofNanos(System.nanoTime() - exhausted);
    System.out.printf("the node exited %d ms after its heap was exhausted%n", dying.toMillis());
    assertThat(dying).as("from the exhausting request to the exit").isLessThan(Duration.ofSeconds(30));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
