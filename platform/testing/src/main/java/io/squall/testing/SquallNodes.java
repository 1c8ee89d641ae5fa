package io.squall.testing;

import io.squall.platform.Node;
import io.squall.platform.NodeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts nodes in the test JVM in one call and stops them after each test, also when registered as a static field
 * (after all tests it stops what a {@code @BeforeAll} started).
 *
 * <pre>
 * &#64;RegisterExtension SquallNodes nodes = new SquallNodes();
 *
 * &#64;Test void greets() {
 *   Node node = nodes.start(SquallNodes.options("src/test/resources/app.yaml").addSet("http.port", "0"));
 *   SquallClient.to(node.port("http")).get("/hello");
 * }
 * </pre>
 *
 * Servers go on port 0 and the test asks the node where they are ({@link Node#port(String)},
 * {@link Node#ports()}): a port picked free before the node starts can be taken by anything in between.
 */
public final class SquallNodes implements AfterEachCallback, AfterAllCallback {

  private static final long START_TIMEOUT_SECONDS = 60;
  private final List<Node> started = new ArrayList<>();

  /**
   * Options fit for a test: the descriptor, the management server on port 0 ({@link Node#managementPort()}), and no
   * SQUALL_* from the developer's shell. Set a server's port to 0 with {@code addSet("http.port", "0")}.
   */
  public static NodeOptions options(String descriptor) {
    return new NodeOptions().setDescriptor(Path.of(descriptor).toString()).setManagementPort(0)
        .setManagementHost("127.0.0.1").setEnvironment(Map.of());
  }

  /** Starts a node and waits until it is ready (or fails with the node's own error). */
  public Node start(NodeOptions options) {
    Node node = await(Node.start(options));
    synchronized (started) {
      started.add(node);
    }
    return node;
  }

  /** Stops every node this extension started, last first. */
  public void closeAll() {
    List<Node> nodes;
    synchronized (started) {
      nodes = new ArrayList<>(started);
      started.clear();
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        await(nodes.get(i).close());
      } catch (RuntimeException e) {
        // keep closing the others; the test already has its verdict
      }
    }
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeAll();
  }
}
