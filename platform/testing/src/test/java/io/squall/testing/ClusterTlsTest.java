package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Node;
import io.squall.platform.NodeOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** --cluster-tls-cert/-key/-trust: the event bus between nodes is mutual TLS, and a node outside the CA is shut out. */
class ClusterTlsTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();
  private final String cluster = "squall-tls-" + UUID.randomUUID();

  @Test
  void nodesWithCertificatesTheClusterTrustsTalkOverTls() {
    SelfSignedCertificate ca = SelfSignedCertificate.create("squall-cluster");
    nodes.start(member("backend", ca));
    Node edge = nodes.start(member("edge", ca));

    JsonObject reply = SquallNodes.await(edge.vertx().eventBus().<JsonObject>request("test.echo",
        new JsonObject().put("n", 1))).body();
    assertThat(reply.getString("from")).isEqualTo("backend");
    assertThat(reply.getJsonObject("echo").getInteger("n")).isEqualTo(1);
  }

  @Test
  void aNodeWithAnUntrustedCertificateOrNoneCannotReachTheOthersConsumers() {
    nodes.start(member("backend", SelfSignedCertificate.create("squall-cluster")));
    Node stranger = nodes.start(member("edge", SelfSignedCertificate.create("someone-else")));
    Node plain = nodes.start(member("edge", null));
    assertThat(stranger.info().getInteger("members")).isEqualTo(3); // Hazelcast itself is not behind the TLS

    DeliveryOptions quick = new DeliveryOptions().setSendTimeout(3000);
    for (Node outsider : List.of(stranger, plain)) {
      assertThatThrownBy(() -> SquallNodes.await(outsider.vertx().eventBus().request("test.echo", new JsonObject(), quick)))
          .as("a request from a node outside the cluster's CA").isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void halfATlsConfigurationRefusesToStart() {
    SelfSignedCertificate ca = SelfSignedCertificate.create("squall-cluster");
    assertThatThrownBy(() -> nodes.start(member("edge", ca).setClusterTlsTrust(null)))
        .hasMessageContaining("cluster TLS needs all of --cluster-tls-cert, --cluster-tls-key and --cluster-tls-trust");
    assertThatThrownBy(() -> nodes.start(member("edge", ca).setClustered(false)))
        .hasMessageContaining("--cluster-tls-* apply to a clustered node");
  }

  private NodeOptions member(String role, SelfSignedCertificate certificate) {
    NodeOptions options = SquallNodes.options("src/test/resources/app.yaml").setRoles(List.of(role))
        .setClustered(true).setClusterName(cluster).setClusterHost("127.0.0.1");
    if (certificate != null) {
      options.setClusterTlsCert(certificate.certificatePath()).setClusterTlsKey(certificate.privateKeyPath())
          .setClusterTlsTrust(certificate.certificatePath());
    }
    return options;
  }
}
