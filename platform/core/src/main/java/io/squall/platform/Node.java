package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * One Squall node: a Vert.x instance (standalone or clustered over Hazelcast) running the verticles of a
 * descriptor for its roles, plus the management server (health, metrics, info).
 *
 * <pre>
 * Node node = Node.start(new NodeOptions().setDescriptor("app.yaml").setClustered(true)).await();
 * ...
 * node.close().await();   // drains like SIGTERM does
 * </pre>
 */
public interface Node {

  /** Loads {@link NodeOptions#getDescriptor()} (with the thread's context class loader) and starts a node. */
  static Future<Node> start(NodeOptions options) {
    if (options.getDescriptor() == null) {
      return Future.failedFuture(new IllegalArgumentException("no descriptor given"));
    }
    Descriptor descriptor;
    try {
      descriptor = Descriptor.load(Path.of(options.getDescriptor()), options.getEnvironment(),
          options.effectiveSets(), Thread.currentThread().getContextClassLoader());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return start(descriptor, options);
  }

  /** Starts a node for a descriptor already loaded; options' descriptor path and overrides are not read again. */
  static Future<Node> start(Descriptor descriptor, NodeOptions options) {
    return NodeImpl.start(descriptor, new NodeOptions(options), Thread.currentThread().getContextClassLoader());
  }

  Vertx vertx();

  /** Cluster member id when clustered, a random id otherwise. */
  String nodeId();

  Descriptor descriptor();

  /** The verticles this node deployed, in deployment order. */
  List<VerticleSpec> verticles();

  /** The actual management port (useful when 0 was asked for). */
  int managementPort();

  /** What {@code GET /info} returns. */
  JsonObject info();

  /** Completes with whether {@code GET /health/ready} would say 200. */
  Future<Boolean> ready();

  /**
   * Drains and stops: readiness turns 503 at once, verticles undeploy in reverse order (bounded by the shutdown
   * timeout), then Vert.x closes and the node leaves the cluster. Calling it again returns the same future.
   */
  Future<Void> close();
}
