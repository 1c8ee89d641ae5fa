package io.squall.platform;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class NodeImpl implements Node {

  private static final Logger log = LoggerFactory.getLogger(Node.class);
  static final String STORE_DOWN = "hazelcast is not running";

  private final Vertx vertx;
  private final HazelcastClusterManager clusterManager;
  private final Descriptor descriptor;
  private final NodeOptions options;
  private final List<VerticleSpec> verticles;
  private final String nodeId;
  private final String registryName;
  /** Deployment id to the descriptor's verticle name, in deployment order. */
  private final Map<String, String> deployments = new LinkedHashMap<>();
  private volatile boolean deployed;
  private volatile boolean draining;
  /** The cluster has been safe once since this node joined: from then on migrations do not make it unready. */
  private volatile boolean settled;
  private volatile int managementPort;
  private Future<Void> closing;

  private NodeImpl(Vertx vertx, HazelcastClusterManager clusterManager, Descriptor descriptor, NodeOptions options,
      List<VerticleSpec> verticles, String registryName) {
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    this.descriptor = descriptor;
    this.options = options;
    this.verticles = verticles;
    this.registryName = registryName;
    this.nodeId = clusterManager != null ? clusterManager.getNodeId() : UUID.randomUUID().toString();
  }

  static Future<Node> start(Descriptor descriptor, NodeOptions options, ClassLoader loader) {
    long started = System.nanoTime();
    List<VerticleSpec> selected;
    Map<String, Supplier<Deployable>> factories = new LinkedHashMap<>();
    HazelcastClusterManager clusterManager = null;
    try {
      selected = descriptor.verticlesFor(options.getRoles());
      for (VerticleSpec spec : selected) {
        factories.put(spec.name(), factory(spec, loader));
      }
      clusterTlsComplete(options);
      if (options.isClustered()) {
        String name = options.getClusterName() != null ? options.getClusterName() : descriptor.defaultClusterName();
        clusterManager = new HazelcastClusterManager(
            ClusterConfigs.load(options.getClusterConfig(), name, options.getClusterHost(), options.getEnvironment()));
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String registryName = "squall-" + UUID.randomUUID();
    VertxOptions vertxOptions = new VertxOptions().setEventLoopPoolSize(Math.max(1, options.getEventLoops()))
        .setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName(registryName)
        // local address tells a node's servers apart (management, http, bridge); without it their gauges collide
        .addLabels(Label.LOCAL)
        // Vert.x's per-request HTTP server meters are looked up in the registry on every request (tags built and
        // hashed each time): about a quarter of a small route's CPU. The http verticle records its own
        // (squall_http_server_*, meters resolved once per route, method and status class); see NodeMetrics.
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    // The event bus's meters cost as much per message; NodeMetricsFactory puts BusMeters in their place.
    NodeMetricsFactory metrics = new NodeMetricsFactory();
    Future<Vertx> vertxFuture;
    if (clusterManager != null) {
      EventBusOptions bus = vertxOptions.getEventBusOptions().setPort(options.getClusterPort());
      if (options.getClusterHost() != null) {
        bus.setHost(options.getClusterHost());
      }
      if (options.getClusterPublicHost() != null) {
        bus.setClusterPublicHost(options.getClusterPublicHost());
      }
      if (options.getClusterTlsCert() != null) {
        // mutual TLS: both ends present a certificate and check the other's against the cluster's CA
        bus.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.getClusterTlsCert())
                .setKeyPath(options.getClusterTlsKey()))
            .setTrustOptions(new PemTrustOptions().addCertPath(options.getClusterTlsTrust()));
      }
      // requests to a node that dies are answered at once, not at their timeout (Requests)
      vertxFuture = ClusteredVertx.start(vertxOptions, metrics, clusterManager);
    } else {
      vertxFuture = Future.succeededFuture(Vertx.builder().with(vertxOptions).withMetrics(metrics).build());
    }
    HazelcastClusterManager cm = clusterManager;
    // Completed off any Vert.x context: after a failed boot the event loops are gone, and a context-bound future
    // would try to deliver its result on a terminated loop and never complete.
    CompletableFuture<Node> result = new CompletableFuture<>();
    vertxFuture.onFailure(result::completeExceptionally).onSuccess(vertx -> {
      NodeMetrics.publish(vertx, registryName);
      NodeImpl node = new NodeImpl(vertx, cm, descriptor, options, selected, registryName);
      node.boot(factories, started).onComplete(booted -> {
        if (booted.succeeded()) {
          result.complete(node);
        } else {
          vertx.close().onComplete(closed -> result.completeExceptionally(booted.cause()));
        }
      });
    });
    return Future.fromCompletionStage(result);
  }

  /** Cluster TLS is all three files or none: half a configuration would silently leave the bus in clear text. */
  private static void clusterTlsComplete(NodeOptions options) {
    int given = (options.getClusterTlsCert() != null ? 1 : 0) + (options.getClusterTlsKey() != null ? 1 : 0)
        + (options.getClusterTlsTrust() != null ? 1 : 0);
    if (given != 0 && given != 3) {
      throw new IllegalArgumentException("cluster TLS needs all of --cluster-tls-cert, --cluster-tls-key and"
          + " --cluster-tls-trust (SQUALL_CLUSTER_TLS_CERT, _KEY, _TRUST)");
    }
    if (given == 3 && !options.isClustered()) {
      throw new IllegalArgumentException("--cluster-tls-* apply to a clustered node: add --cluster");
    }
  }

  private static Supplier<Deployable> factory(VerticleSpec spec, ClassLoader loader) {
    try {
      Constructor<?> constructor = Class.forName(spec.className(), true, loader).getConstructor();
      return () -> {
        try {
          return (Deployable) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot create " + spec.className() + ": " + e, e);
        }
      };
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException("verticle '" + spec.name() + "': cannot load " + spec.className() + ": " + e, e);
    }
  }

  private Future<Void> boot(Map<String, Supplier<Deployable>> factories, long started) {
    Future<Void> chain = ManagementServer.start(this, options.getManagementHost(), options.getManagementPort())
        .map(port -> {
          managementPort = port;
          return null;
        });
    for (VerticleSpec spec : verticles) {
      chain = chain.compose(v -> vertx.deployVerticle(factories.get(spec.name()),
              new DeploymentOptions().setInstances(spec.instances()).setConfig(spec.config()))
          .recover(e -> Future.failedFuture(startFailure(spec, e)))
          .map(id -> {
            synchronized (deployments) {
              deployments.put(id, spec.name());
            }
            return null;
          }));
    }
    return chain.onSuccess(v -> {
      deployed = true;
      log.info("Squall node {} ready in {} ms: app={} roles={} verticles=[{}] ports={} clustered={} members={}",
          nodeId, (System.nanoTime() - started) / 1_000_000, descriptor.name(), roles(),
          verticles.stream().map(s -> s.name() + " x" + s.instances()).collect(Collectors.joining(", ")),
          ports(), clusterManager != null, members());
    });
  }

  /** A server that could not listen says where and for which key; the node adds which verticle it was. */
  private static Throwable startFailure(VerticleSpec spec, Throwable e) {
    String verticle = "verticle '" + spec.name() + "' (" + spec.className() + ")";
    if (e instanceof BoundPorts.ListenException) {
      return new IllegalStateException(verticle + ": " + e.getMessage(), e);
    }
    return new IllegalStateException(verticle + " failed to start: " + e.getMessage(), e);
  }

  @Override
  public Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("management.port", managementPort);
    Map<String, String> names;
    synchronized (deployments) {
      names = new LinkedHashMap<>(deployments);
    }
    names.forEach((id, name) -> BoundPorts.of(vertx, id).forEach((key, port) -> ports.put(name + "." + key, port)));
    return ports;
  }

  private List<String> roles() {
    return options.getRoles().isEmpty() ? List.copyOf(descriptor.knownRoles()) : options.getRoles();
  }

  /** The cluster's members as this node sees them: 1 when standalone, 0 once its Hazelcast member has stopped. */
  private int members() {
    if (clusterManager == null) {
      return 1;
    }
    try {
      return clusterManager.isActive() && storeDown() == null ? clusterManager.getNodes().size() : 0;
    } catch (HazelcastInstanceNotActiveException e) {
      return 0; // stopped between the check and the call
    }
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public Descriptor descriptor() {
    return descriptor;
  }

  @Override
  public List<VerticleSpec> verticles() {
    return verticles;
  }

  @Override
  public int managementPort() {
    return managementPort;
  }

  String registryName() {
    return registryName;
  }

  @Override
  public JsonObject info() {
    JsonArray list = new JsonArray();
    verticles.forEach(s -> list.add(new JsonObject().put("name", s.name()).put("instances", s.instances())));
    return new JsonObject()
        .put("nodeId", nodeId)
        .put("app", descriptor.name())
        .put("roles", new JsonArray(new ArrayList<>(roles())))
        .put("verticles", list)
        .put("clustered", clusterManager != null)
        .put("members", members())
        .put("ports", new JsonObject(new LinkedHashMap<>(ports())))
        .put("ready", deployed && !draining && storeDown() == null);
  }

  /**
   * Why the node's Hazelcast member (the cluster's, or the private one a standalone node made for its verticles) is
   * not running, or null. Hazelcast shuts its member down for good after an OutOfMemoryError in one of its threads,
   * and every verticle that keeps state there then fails: only a restart helps.
   */
  private String storeDown() {
    HazelcastInstance hz = ClusterStore.created(vertx);
    boolean down = hz == null ? clusterManager != null : !hz.getLifecycleService().isRunning();
    return down ? STORE_DOWN : null;
  }

  /** Null when live, otherwise why not: the store is down (a draining node stops it on purpose). */
  String notLiveReason() {
    return draining ? null : storeDown();
  }

  /** Null when ready, otherwise why not. */
  Future<String> notReadyReason() {
    if (draining) {
      return Future.succeededFuture("draining");
    }
    if (!deployed) {
      return Future.succeededFuture("starting");
    }
    String down = storeDown();
    if (down != null || clusterManager == null) {
      return Future.succeededFuture(down);
    }
    return vertx.executeBlocking(() -> {
      HazelcastInstance hz = clusterManager.getHazelcastInstance();
      // Only a joining node waits for the cluster to be safe (so a rollout waits for its data to arrive before
      // stopping the next node). Once serving, migrations caused by another node joining or leaving must not make
      // every node unready at once: a load balancer would then have no node left to send to.
      if (!settled && !hz.getPartitionService().isClusterSafe()) {
        return "cluster partitions are migrating";
      }
      settled = true;
      return null;
    }, false);
  }

  @Override
  public Future<Boolean> ready() {
    return notReadyReason().map(reason -> reason == null);
  }

  @Override
  public synchronized Future<Void> close() {
    if (closing != null) {
      return closing;
    }
    draining = true;
    int timeout = options.getShutdownTimeout() != null ? options.getShutdownTimeout()
        : descriptor.shutdownTimeoutSeconds();
    List<String> ids;
    synchronized (deployments) {
      ids = new ArrayList<>(deployments.keySet());
    }
    int delay = options.getDrainDelay();
    log.info("Squall node {} draining: not ready from now on; {}undeploying {} verticles (at most {} s)",
        nodeId, delay > 0 ? "still serving for " + delay + " s, then " : "", ids.size(), timeout);
    Promise<Void> drained = Promise.promise();
    // Serving on through the delay is what lets a load balancer see the 503 and stop sending before we stop accepting.
    afterDrainDelay(delay).onComplete(d -> {
      long timer = vertx.setTimer(Math.max(1, timeout * 1000L), t -> {
        if (drained.tryComplete()) {
          log.warn("Squall node {}: drain took longer than {} s; stopping anyway", nodeId, timeout);
        }
      });
      undeployFrom(ids, ids.size() - 1).onComplete(ar -> {
        vertx.cancelTimer(timer);
        drained.tryComplete();
      });
    });
    long start = System.nanoTime();
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    drained.future().onComplete(d -> vertx.close().onComplete(ar -> {
      log.info("Squall node {} stopped in {} ms{}", nodeId, (System.nanoTime() - start) / 1_000_000,
          ar.failed() ? " (close failed: " + ar.cause().getMessage() + ")" : "");
      if (ar.succeeded()) {
        stopped.complete(null);
      } else {
        stopped.completeExceptionally(ar.cause());
      }
    }));
    closing = Future.fromCompletionStage(stopped);
    return closing;
  }

  private Future<Void> afterDrainDelay(int seconds) {
    if (seconds == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> elapsed = Promise.promise();
    vertx.setTimer(seconds * 1000L, t -> elapsed.complete());
    return elapsed.future();
  }

  /** Undeploys from the last deployment to the first; one failure does not stop the others. */
  private Future<Void> undeployFrom(List<String> ids, int index) {
    if (index < 0) {
      return Future.succeededFuture();
    }
    return vertx.undeploy(ids.get(index))
        .onFailure(e -> log.warn("undeploying {} failed: {}", ids.get(index), e.toString()))
        .transform(ar -> undeployFrom(ids, index - 1));
  }
}
