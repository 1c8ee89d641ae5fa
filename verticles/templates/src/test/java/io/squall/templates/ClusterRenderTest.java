package io.squall.templates;

import static io.squall.templates.Renders.await;
import static io.squall.templates.Renders.failure;
import static io.squall.templates.Renders.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.InJvmCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered Vert.x in this JVM: a caller renders through a templates verticle on another node, and a caller that
 * has one on its own node keeps the render local (point 5 of the issue: local first, then the cluster).
 */
class ClusterRenderTest {

  private static InJvmCluster cluster;
  @TempDir
  static Path dir;

  @BeforeAll
  static void startCluster() throws IOException {
    for (String node : List.of("a", "b")) {
      Files.createDirectories(dir.resolve(node));
      Files.writeString(dir.resolve(node).resolve("who.peb"), "rendered on " + node + " for {{ name }}");
    }
    cluster = InJvmCluster.start(2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void undeployAll() {
    for (int i = 0; i < cluster.size(); i++) {
      Vertx vertx = cluster.vertx(i);
      List<Future<Void>> undeployed = new ArrayList<>();
      vertx.deploymentIDs().forEach(id -> undeployed.add(vertx.undeploy(id)));
      await(Future.all(undeployed));
    }
  }

  private static TemplatesVerticle deployOn(int node, String folder) {
    return Renders.deploy(cluster.vertx(node), new TemplatesOptions().setDir(dir.resolve(folder).toString()));
  }

  /** What the http verticle does: a node-local send first, the cluster when this node has no templates verticle. */
  private static Future<String> renderPreferringLocal(Vertx caller, JsonObject request) {
    return Renders.render(caller, request, new DeliveryOptions().setLocalOnly(true)).recover(e ->
        e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? Renders.render(caller, request, new DeliveryOptions())
            : Future.failedFuture(e));
  }

  @Test
  void aNodeWithoutTemplatesVerticleRendersThroughAnotherNode() {
    deployOn(1, "b");
    Vertx caller = cluster.vertx(0);
    JsonObject request = request("who.peb", new JsonObject().put("name", "<ann>"), "en");

    ReplyException localOnly = failure(Renders.render(caller, request, new DeliveryOptions().setLocalOnly(true)));
    assertThat(localOnly.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    assertThat(await(renderPreferringLocal(caller, request))).isEqualTo("rendered on b for &lt;ann&gt;");

    ReplyException missing = failure(renderPreferringLocal(caller, request("nope.peb", new JsonObject(), null)));
    assertThat(missing.failureCode()).isEqualTo(404);
    assertThat(missing.getMessage()).isEqualTo("template nope.peb not found");
  }

  @Test
  void aNodeWithItsOwnTemplatesVerticleKeepsEveryRenderLocal() {
    deployOn(0, "a");
    deployOn(1, "b");
    JsonObject request = request("who.peb", new JsonObject().put("name", "ann"), "en");

    for (int i = 0; i < 10; i++) {
      assertThat(await(renderPreferringLocal(cluster.vertx(0), request))).isEqualTo("rendered on a for ann");
      assertThat(await(renderPreferringLocal(cluster.vertx(1), request))).isEqualTo("rendered on b for ann");
    }
  }
}
