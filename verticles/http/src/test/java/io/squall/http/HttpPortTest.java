package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Node;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallNodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The http verticle's port: 0 binds one free port for all its instances, which the node reports; a busy one says so. */
class HttpPortTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  private Path app(int port) throws Exception {
    return Files.writeString(dir.resolve("app.yaml"), """
        name: ports
        verticles:
          - name: http
            class: io.squall.http.HttpVerticle
            instances: 2
            config:
              port: %d
              host: 127.0.0.1
              xsrf: false
              cookieSecrets: {"1": "test-only-cookie-secret-0123456789abcdef"}
              routes:
                - {path: "/echo", kind: handler, handler: io.squall.http.EchoRoute}
        """.formatted(port));
  }

  @Test
  void portZeroBindsOnePortForBothInstancesAndTheNodeReportsIt() throws Exception {
    Node node = nodes.start(SquallNodes.options(app(0).toString()));

    int port = node.port("http");
    assertThat(port).isPositive();
    assertThat(node.ports()).containsEntry("http.port", port);
    assertThat(SquallClient.to(port).get("/echo").body()).isEqualTo("got 0 bytes");
  }

  @Test
  void aBusyPortFailsTheStartNamingTheVerticleTheKeyAndThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> nodes.start(SquallNodes.options(app(port).toString())))
          .hasMessage("verticle 'http' (io.squall.http.HttpVerticle): cannot listen on 127.0.0.1:" + port
              + " (config key 'port'): address already in use");
    }
  }
}
