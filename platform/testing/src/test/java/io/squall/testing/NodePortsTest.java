package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.squall.platform.Node;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Servers on port 0: the node reports the ports they bound, and a busy port fails the start with where and why. */
class NodePortsTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  private Path probeApp(int port, int instances) throws IOException {
    return Files.writeString(dir.resolve("probe.yaml"), """
        name: ports
        verticles:
          - name: probe
            class: io.squall.testing.ProbeVerticle
            instances: %d
            config: {port: %d}
          - name: echo
            class: io.squall.testing.EchoVerticle
        """.formatted(instances, port));
  }

  @Test
  void portsAndInfoReportThePortsServersBoundOnPortZero() throws Exception {
    Node node = nodes.start(SquallNodes.options(probeApp(0, 1).toString()));

    int probe = node.port("probe");
    assertThat(probe).isPositive();
    assertThat(node.ports()).containsExactly(entry("management.port", node.managementPort()), entry("probe.port", probe));
    assertThat(node.port("management")).isEqualTo(node.managementPort());
    JsonObject info = new JsonObject(SquallProcess.get(node.managementPort(), "/info").orElseThrow().body());
    assertThat(info.getJsonObject("ports"))
        .isEqualTo(new JsonObject().put("management.port", node.managementPort()).put("probe.port", probe));
    assertThat(SquallProcess.get(probe, "/inflight").orElseThrow().body()).isEqualTo("0");
    assertThatThrownBy(() -> node.port("echo")).hasMessageContaining("no port bound by 'echo'");
  }

  @Test
  void twoInstancesOnPortZeroServeOnOneBoundPort() throws Exception {
    Node node = nodes.start(SquallNodes.options(probeApp(0, 2).toString()));
    int port = node.port("probe");

    // One instance holds a request; new connections take turns over the instances, so "1" (the holder) and "0"
    // (the other) both answer on this one port only if both instances listen on it.
    try (Socket held = new Socket("127.0.0.1", port)) {
      send(held, "/slow?ms=60000");
      Set<String> answers = new HashSet<>();
      SquallProcess.awaitCondition("answers from both instances on port " + port, Duration.ofSeconds(20), () -> {
        answers.add(inflight(port));
        return answers.containsAll(Set.of("0", "1"));
      });
    }
  }

  @Test
  void aBusyPortFailsTheStartNamingTheVerticleTheKeyAndThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> nodes.start(SquallNodes.options(probeApp(port, 2).toString())))
          .hasMessage("verticle 'probe' (io.squall.testing.ProbeVerticle): cannot listen on 127.0.0.1:" + port
              + " (config key 'port'): address already in use");
    }
  }

  @Test
  void aBusyManagementPortFailsTheStartNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> nodes.start(SquallNodes.options(probeApp(0, 1).toString()).setManagementPort(port)))
          .hasMessage("management server: cannot listen on 127.0.0.1:" + port
              + " (--management-port): address already in use");
    }
  }

  private static void send(Socket socket, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: probe\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** {@code GET /inflight} on a connection of its own (a pooled client would stay on one instance). */
  private static String inflight(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /inflight HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return response.substring(response.indexOf("\r\n\r\n") + 4);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
