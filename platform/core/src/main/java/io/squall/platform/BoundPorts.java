package io.squall.platform;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a verticle's servers actually listen, so that port 0 works for every server: the verticle records the port it
 * bound under the config key that asked for it, and {@link Node#ports()} (and {@code GET /info}) report it as
 * {@code <verticle name>.<key>}, the form {@code --set} uses. Without this, a test or an orchestrator would have to
 * pick a free port up front and hope nothing takes it before the node binds it.
 *
 * <pre>
 * return server.listen(BoundPorts.listenPort(context, "port", options.getPort()), options.getHost())
 *     .recover(e -&gt; Future.failedFuture(BoundPorts.cannotListen("port", options.getHost(), options.getPort(), e)))
 *     .map(s -&gt; BoundPorts.record(context, "port", s.actualPort()));
 * </pre>
 */
public final class BoundPorts {

  /** Node-wide and keyed by deployment id: verticles record before the node knows their deployment succeeded. */
  static final String LOCAL_MAP = "squall.ports";
  /** The negative port each deployment and key listens on for port 0; see {@link #listenPort}. */
  private static final String SHARED_MAP = "squall.ports.shared";
  private static final AtomicInteger LAST_SHARED = new AtomicInteger();

  private BoundPorts() {
  }

  /**
   * The port to listen on for a configured port: the same, except 0. Vert.x binds port 0 anew for every server, so
   * each instance of a verticle would get a port of its own and {@code http.port} could not name them all (the
   * descriptor's {@code instances} would serve on ports nobody knows). Servers that listen on the same negative port
   * share one random port instead, so each deployment and key gets a negative port of its own: its instances share
   * one server, and no other verticle's server joins it.
   */
  public static int listenPort(Context context, String key, int configuredPort) {
    if (configuredPort != 0) {
      return configuredPort;
    }
    LocalMap<String, Integer> shared = context.owner().sharedData().getLocalMap(SHARED_MAP);
    int mine = -LAST_SHARED.incrementAndGet();
    Integer earlier = shared.putIfAbsent(context.deploymentID() + " " + key, mine);
    return earlier != null ? earlier : mine;
  }

  /**
   * Records that the verticle running on {@code context} bound {@code actualPort} for its config key {@code key}
   * (usually {@code "port"}), and returns the port. Every instance records: instances of one deployment share their
   * server, port 0 included when listening on {@link #listenPort}.
   *
   * @throws IllegalStateException when another instance of the deployment recorded a different port for the key: one
   *     name would stand for two ports. Record in a {@code map} or {@code compose} so that this fails the start.
   */
  public static int record(Context context, String key, int actualPort) {
    if (context == null || context.deploymentID() == null) {
      throw new IllegalArgumentException("ports are recorded from a deployed verticle's context");
    }
    Integer earlier = ports(context.owner()).putIfAbsent(context.deploymentID() + " " + key, actualPort);
    if (earlier != null && earlier != actualPort) {
      throw new IllegalStateException("instances bound different ports for config key '" + key + "': " + earlier
          + " and " + actualPort);
    }
    return actualPort;
  }

  /**
   * The failure to return when listening failed: the node prefixes it with the verticle's name and class, giving
   * {@code verticle 'http' (io.squall.http.HttpVerticle): cannot listen on 0.0.0.0:8080 (config key 'port'): address
   * already in use}, and the launcher prints that line instead of a bare "Address already in use".
   */
  public static RuntimeException cannotListen(String key, String host, int port, Throwable cause) {
    return new ListenException("cannot listen on " + host + ":" + port + " (config key '" + key + "'): "
        + reason(cause), cause);
  }

  /** "Address already in use" from the JDK or Netty reads as one clause of our sentence: "address already in use". */
  static String reason(Throwable cause) {
    String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    // Netty's native transport says "bind(..) failed: Address already in use"
    int colon = message.lastIndexOf(": ");
    String last = colon >= 0 ? message.substring(colon + 2) : message;
    return last.isEmpty() ? message : Character.toLowerCase(last.charAt(0)) + last.substring(1);
  }

  /** The ports one deployment recorded, by config key, in key order. */
  static Map<String, Integer> of(Vertx vertx, String deploymentId) {
    String prefix = deploymentId + " ";
    Map<String, Integer> found = new TreeMap<>();
    ports(vertx).entrySet().forEach(e -> {
      if (e.getKey().startsWith(prefix)) {
        found.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    });
    return found;
  }

  private static LocalMap<String, Integer> ports(Vertx vertx) {
    return vertx.sharedData().getLocalMap(LOCAL_MAP);
  }

  /** A server that could not listen; the node names the verticle in front of this message. */
  static final class ListenException extends IllegalStateException {
    ListenException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
