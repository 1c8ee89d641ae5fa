package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
          options.getSets(), Thread.currentThread().getContextClassLoader());
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

  /**
   * The ports this node's servers actually bound, keyed the way {@code --set} names config keys:
   * {@code "http.port"}, {@code "bridge.port"}, ..., and {@code "management.port"}. With port 0 in the descriptor (or
   * {@code --set http.port=0}) this is how to learn where a server listens; verticles report theirs with
   * {@link BoundPorts#record}. In deployment order, management first.
   */
  Map<String, Integer> ports();

  /**
   * The bound port of verticle {@code verticleName}'s {@code port} key ({@code "management"} for the management
   * server).
   *
   * @throws IllegalArgumentException when that verticle recorded no {@code port} on this node
   */
  default int port(String verticleName) {
    Map<String, Integer> ports = ports();
    Integer port = ports.get(verticleName + ".port");
    if (port == null) {
      throw new IllegalArgumentException("no port bound by '" + verticleName + "' on this node (bound: "
          + ports.keySet() + ")");
    }
    return port;
  }

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
