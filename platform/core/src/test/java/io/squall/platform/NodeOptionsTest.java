package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeOptionsTest {

  @Test
  void roundTripsThroughJson() {
    NodeOptions options = new NodeOptions().setDescriptor("app.yaml").setRoles(List.of("edge")).setClustered(true)
        .setClusterConfig("tcp").setClusterName("c").setClusterHost("10.0.0.5").setClusterPublicHost("1.2.3.4")
        .setClusterPort(15701).setClusterTlsCert("c.pem").setClusterTlsKey("k.pem").setClusterTlsTrust("ca.pem").setEventLoops(3).setManagementPort(9999).setShutdownTimeout(5)
        .setDrainDelay(3)
        .addSet("chat.limit", "5").addOptionalSet("http.port", "0");

    assertThat(new NodeOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new NodeOptions(options).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void hasTheDocumentedDefaults() {
    NodeOptions options = new NodeOptions(new io.vertx.core.json.JsonObject());
    assertThat(options.getManagementPort()).isEqualTo(9090);
    assertThat(options.isClustered()).isFalse();
    assertThat(options.getRoles()).isEmpty();
    assertThat(options.getDrainDelay()).isZero();
    assertThat(options.getEventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void anOptionalSetWinsOverAPlainOneForTheSameKey() {
    NodeOptions options = new NodeOptions().addSet("http.port", "1").addOptionalSet("http.port", "8000");
    Descriptor d = Descriptor.parse("app.yaml", "name: a\nverticles:\n  - {name: http, class: "
        + TestVerticle.class.getName() + "}\n", Map.of(), options.getSets(), getClass().getClassLoader());

    assertThat(d.verticles().get(0).config().getInteger("port")).isEqualTo(8000);
  }

  @Test
  void aSetForAMissingVerticleIsRefusedButAnOptionalOneIsSkipped() {
    String yaml = "name: a\nverticles:\n  - {name: web, class: " + TestVerticle.class.getName() + "}\n";
    assertThatThrownBy(() -> Descriptor.parse("app.yaml", yaml, Map.of(), Map.of("http.port", "1"), null))
        .hasMessageContaining("no verticle named 'http'");
    assertThat(Descriptor.parse("app.yaml", yaml, Map.of(), new NodeOptions().addOptionalSet("http.port", "1")
        .getSets(), getClass().getClassLoader()).verticles()).hasSize(1);
  }

  @Test
  void namesNoVerticle() {
    assertThat(new NodeOptions().toJson().fieldNames()).noneMatch(name -> name.matches("(?i).*(http|bridge).*"));
    assertThat(NodeOptions.class.getMethods()).extracting(java.lang.reflect.Method::getName)
        .noneMatch(name -> name.matches("(?i).*(http|bridge).*"));
  }
}
