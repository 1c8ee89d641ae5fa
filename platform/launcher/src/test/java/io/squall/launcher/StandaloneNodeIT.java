package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import io.squall.testing.EchoVerticle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar as users start it: the bundled app, logs, and bad input from a real process. */
class StandaloneNodeIT {

  @Test
  void bundledChatAppBecomesReadyAndServesItsPage() {
    try (SquallProcess node = SquallProcess.run("--http-port", "0", "--bridge-port", "0").name("bundled").start()) {
      // a guard against a hang only: how fast a node starts is not a pass/fail matter on a shared 2-core machine
      node.awaitReady(Duration.ofSeconds(60));
      int http = node.port("http");
      System.out.printf("standalone time to ready (process start to 200 on /health/ready): %d ms%n",
          node.millisSinceStart());

      JsonObject info = node.info();
      assertThat(info.getBoolean("clustered")).isFalse();
      assertThat(info.getInteger("members")).isEqualTo(1);
      assertThat(info.getJsonArray("verticles").getJsonObject(0).getString("name")).isEqualTo("http");

      HttpResponse<String> page = SquallProcess.get(http, "/").orElseThrow();
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<a class=\"room\" href=\"/rooms/lobby\">#lobby</a>");
      assertThat(node.log()).contains("Squall node " + info.getString("nodeId") + " ready in");

      node.sigterm();
      assertThat(node.waitForExit(Duration.ofSeconds(25))).isZero();
    }
  }

  @Test
  void jsonLogFormatWritesOneJsonObjectPerLine() {
    try (SquallProcess node = SquallProcess.run("--http-port", "0", "--bridge-port", "0", "--log-format", "json")
        .name("json-logs").start()) {
      node.awaitReady();
      node.sigterm();
      assertThat(node.waitForExit(Duration.ofSeconds(25))).isZero();

      assertThat(node.log().lines()).isNotEmpty().allSatisfy(line -> new JsonObject(line));
      assertThat(node.log().lines().map(JsonObject::new))
          .anySatisfy(json -> assertThat(json.getString("formattedMessage")).contains("ready in"));
    }
  }

  @Test
  void sigtermEndsAnOpenSseStreamWithAReconnectEventAndTheNodeExitsWithinTwoSeconds(@TempDir Path dir) throws Exception {
    Path app = Files.writeString(dir.resolve("sse.yaml"), """
        name: ssedrain
        verticles:
          - name: http
            class: io.squall.http.HttpVerticle
            config:
              dev: true
              sessions: false
              routes:
                - {path: /ticks, kind: sse, address: ticks}
        """);
    try (SquallProcess node = SquallProcess.run(app.toString(), "--http-port", "0").name("sse-drain")
        .start()) {
      int port = node.awaitReady().port("http");
      try (Socket stream = new Socket("127.0.0.1", port)) {
        stream.setSoTimeout(30_000);
        stream.getOutputStream().write("GET /ticks HTTP/1.1\r\nHost: squall.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
          line = in.readLine();
        } while (line != null && !line.equals(": connected"));

        long start = System.nanoTime();
        node.sigterm();
        List<String> last = in.lines().toList();
        Duration ended = Duration.ofNanos(System.nanoTime() - start);
        int exit = node.waitForExit(Duration.ofSeconds(30));
        Duration exited = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("SIGTERM with an open SSE stream: stream ended after %d ms, node exited after %d ms%n",
            ended.toMillis(), exited.toMillis());

        assertThat(last).contains("event: reconnect");
        assertThat(exit).isZero();
        assertThat(exited).as("the stream held the node (shutdownTimeout is 20 s)").isLessThan(Duration.ofSeconds(2));
      }
    }
  }

  @Test
  void sigtermDuringStartUpStopsTheNodeOnceItIsUpAndExitsZero() {
    String app = "src/test/resources/descriptors/good/cluster-app.yaml";
    try (SquallProcess node = SquallProcess.run(app, "--roles", "front", "--set", "probe.startDelayMs=3000")
        .name("slow-start").withTestVerticles().start()) {
      SquallProcess.awaitCondition("the node to begin starting", Duration.ofSeconds(20),
          () -> node.log().contains("Starting Squall node"));
      node.sigterm();
      assertThat(node.waitForExit(Duration.ofSeconds(30))).isZero();
      assertThat(node.log()).contains("SIGTERM received while starting").contains("stopped in");
    }
  }

  @Test
  void jarsInLibBesideTheDescriptorAreLoaded(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "name: libtest\nverticles:\n  - name: echo\n"
        + "    class: io.squall.testing.EchoVerticle\n");
    SquallProcess.Result without = SquallProcess.command("check", dir.resolve("app.yaml").toString())
        .execute(Duration.ofSeconds(30));
    assertThat(without.exitCode()).isEqualTo(1);
    assertThat(without.output()).contains("class io.squall.testing.EchoVerticle not found");

    Files.createDirectories(dir.resolve("lib"));
    TestJars.jarOf(EchoVerticle.class, dir.resolve("lib/test-verticles.jar"));
    SquallProcess.Result with = SquallProcess.command("check", dir.resolve("app.yaml").toString())
        .execute(Duration.ofSeconds(30));
    assertThat(with.exitCode()).isZero();
    assertThat(with.output()).contains("ok: app 'libtest'");
  }

  @Test
  void aBusyPortExitsOneWithOneLineNamingTheVerticleTheKeyAndThePort(@TempDir Path dir) throws Exception {
    Path app = Files.writeString(dir.resolve("web.yaml"), """
        name: busy
        verticles:
          - name: http
            class: io.squall.http.HttpVerticle
            config: {dev: true, sessions: false, host: 127.0.0.1}
        """);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      SquallProcess.Result run = SquallProcess.run(app.toString(), "--http-port", String.valueOf(port)).name("busy-port")
          .execute(Duration.ofSeconds(60));

      assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
      assertThat(run.output().lines()).contains("squall: verticle 'http' (io.squall.http.HttpVerticle): cannot listen on"
          + " 127.0.0.1:" + port + " (config key 'port'): address already in use");
      assertThat(run.output()).doesNotContain("\tat ", "Exception");
    }
  }

  @Test
  void unknownFlagsAndMissingFilesGiveOneLineNotAStackTrace() {
    SquallProcess.Result flag = SquallProcess.command("run", "--no-such-flag").execute(Duration.ofSeconds(30));
    assertThat(flag.exitCode()).isEqualTo(2);
    assertThat(flag.output()).isEqualTo("squall: Unknown option: '--no-such-flag' (see 'squall run --help')\n");

    SquallProcess.Result missing = SquallProcess.command("run", "missing.yaml").execute(Duration.ofSeconds(30));
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.output()).isEqualTo("squall: missing.yaml: descriptor file not found\n");

    SquallProcess.Result check = SquallProcess.command("check", "src/test/resources/descriptors/broken/unknown-class.yaml")
        .execute(Duration.ofSeconds(30));
    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.output()).startsWith("squall: src/test/resources/descriptors/broken/unknown-class.yaml:5:")
        .doesNotContain("Exception");
  }
}
