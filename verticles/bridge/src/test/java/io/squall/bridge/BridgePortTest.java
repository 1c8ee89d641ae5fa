package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Node;
import io.squall.testing.BridgeClient;
import io.squall.testing.SquallNodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The bridge's port: 0 binds one free port for all its instances, which the node reports; a busy one says so. */
class BridgePortTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  private Path app(int port) throws Exception {
    return Files.writeString(dir.resolve("app.yaml"), """
        name: ports
        verticles:
          - name: bridge
            class: io.squall.bridge.BridgeVerticle
            instances: 2
            config: {port: %d, host: 127.0.0.1, anonymous: false}
        """.formatted(port));
  }

  @Test
  void portZeroBindsOnePortForBothInstancesAndTheNodeReportsIt() throws Exception {
    Node node = nodes.start(SquallNodes.options(app(0).toString()));

    int port = node.port("bridge");
    assertThat(port).isPositive();
    assertThat(node.ports()).containsEntry("bridge.port", port);
    BridgeClient guest = BridgeClient.connect(port);
    guest.publish("anywhere", 1).awaitErr("not_logged_in");
    guest.awaitClose(Duration.ofSeconds(5));
  }

  @Test
  void aBusyPortFailsTheStartNamingTheVerticleTheKeyAndThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> nodes.start(SquallNodes.options(app(port).toString())))
          .hasMessage("verticle 'bridge' (io.squall.bridge.BridgeVerticle): cannot listen on 127.0.0.1:" + port
              + " (config key 'port'): address already in use");
    }
  }
}
