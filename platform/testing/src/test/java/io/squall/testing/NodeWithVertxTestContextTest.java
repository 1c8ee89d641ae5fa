package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Node;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SquallNodes next to vertx-junit5: a node from options in one call, asynchronous checks with VertxTestContext. */
@ExtendWith(VertxExtension.class)
class NodeWithVertxTestContextTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @Test
  void aNodesVerticlesAnswerOnItsEventBus(VertxTestContext test) {
    Node node = nodes.start(SquallNodes.options("src/test/resources/app.yaml"));
    node.vertx().eventBus().<JsonObject>request("test.echo", "ping").onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.body().getString("echo")).isEqualTo("ping");
      test.completeNow();
    })));
  }
}
