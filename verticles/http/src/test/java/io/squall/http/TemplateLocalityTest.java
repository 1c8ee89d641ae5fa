package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.InJvmCluster;
import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering stays on the node when it can, and crosses to another when it must. */
class TemplateLocalityTest {

  private static void templatesService(Vertx vertx, String where) {
    vertx.eventBus().<JsonObject>consumer(Addresses.TEMPLATES_RENDER,
        m -> m.reply(new JsonObject().put("html", where))).completion().toCompletionStage().toCompletableFuture().join();
  }

  private static HttpOptions page() {
    return new HttpOptions().addRoute(new RouteOptions().setPath("/").setKind(RouteOptions.Kind.TEMPLATE)
        .setTemplate("index.peb"));
  }

  @Test
  void aTemplatesServiceOnTheSameNodeRendersEveryPage() throws Exception {
    try (InJvmCluster cluster = InJvmCluster.start(2)) {
      templatesService(cluster.vertx(0), "local");
      templatesService(cluster.vertx(1), "remote");
      SquallClient browser = SquallClient.to(HttpServers.deploy(cluster.vertx(0), page()));
      for (int i = 0; i < 10; i++) {
        assertThat(browser.get("/").body()).isEqualTo("local");
      }
    }
  }

  @Test
  void withoutOneOnTheNodeAnotherNodeRenders() throws Exception {
    try (InJvmCluster cluster = InJvmCluster.start(2)) {
      templatesService(cluster.vertx(1), "remote");
      SquallClient browser = SquallClient.to(HttpServers.deploy(cluster.vertx(0), page()));
      assertThat(List.of(browser.get("/").body(), browser.get("/").body())).containsOnly("remote");
    }
  }
}
