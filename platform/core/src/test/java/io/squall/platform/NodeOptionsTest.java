package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeOptionsTest {

  @Test
  void roundTripsThroughJson() {
    NodeOptions options = new NodeOptions().setDescriptor("app.yaml").setRoles(List.of("edge")).setClustered(true)
        .setClusterConfig("tcp").setClusterName("c").setClusterHost("10.0.0.5").setClusterPublicHost("1.2.3.4")
        .setClusterPort(15701).setHttpPort(8000).setBridgePort(8001).setManagementPort(9999).setShutdownTimeout(5)
        .addSet("chat.limit", "5");

    assertThat(new NodeOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new NodeOptions(options).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void hasTheDocumentedDefaults() {
    NodeOptions options = new NodeOptions(new io.vertx.core.json.JsonObject());
    assertThat(options.getManagementPort()).isEqualTo(9090);
    assertThat(options.isClustered()).isFalse();
    assertThat(options.getRoles()).isEmpty();
  }

  @Test
  void portShorthandsBecomeVerticleOverrides() {
    NodeOptions options = new NodeOptions().addSet("http.port", "1").setHttpPort(8000).setBridgePort(8001);
    assertThat(options.effectiveSets()).containsEntry("http.port", "8000").containsEntry("bridge.port", "8001");
  }
}
