package io.squall.launcher;

import io.squall.platform.Descriptor;
import io.squall.platform.Node;
import io.squall.platform.NodeOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

// Every default the help states is the code's own, through ${DEFAULT-VALUE} or a constant (CliTest compares them).
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    defaultValueProvider = RunCommand.CodeDefaults.class,
    description = {"Starts a node with the verticles of DESCRIPTOR for its roles (the bundled app when none is given).",
        "SIGTERM (or Ctrl-C) drains: not ready at once, in-flight work finishes, the node leaves the cluster, exit 0.",
        "Variables: SQUALL_ROLES, SQUALL_CLUSTER, SQUALL_CLUSTER_CONFIG, SQUALL_CLUSTER_NAME, SQUALL_CLUSTER_HOST,",
        "SQUALL_CLUSTER_PUBLIC_HOST, SQUALL_CLUSTER_PORT, SQUALL_CLUSTER_TLS_CERT, SQUALL_CLUSTER_TLS_KEY,",
        "SQUALL_CLUSTER_TLS_TRUST, SQUALL_MANAGEMENT_PORT, SQUALL_EVENT_LOOPS, SQUALL_DRAIN_DELAY and",
        "SQUALL_LOG_FORMAT stand for their options; SQUALL_<VERTICLE>_<KEY> overrides a verticle's config",
        "(SQUALL_HTTP_PORT=8080)."})
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "DESCRIPTOR", description = "Application descriptor (YAML).")
  Path descriptor;

  @Option(names = "--roles", split = ",", paramLabel = "ROLE", defaultValue = "${env:SQUALL_ROLES}",
      description = "Deploy only the verticles with these roles (default: all).")
  List<String> roles = List.of();

  @Option(names = "--cluster", defaultValue = "${env:SQUALL_CLUSTER:-false}", fallbackValue = "true",
      arity = "0..1", description = "Join a Hazelcast cluster (configured by --cluster-config).")
  boolean cluster;

  @Option(names = "--cluster-config", paramLabel = "FILE", defaultValue = "${env:SQUALL_CLUSTER_CONFIG}",
      description = "Hazelcast XML: a file, classpath:NAME, or local | tcp | kubernetes (packaged; default: "
          + NodeOptions.DEFAULT_CLUSTER_CONFIG + ").")
  String clusterConfig;

  @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "${env:SQUALL_CLUSTER_NAME}",
      description = "Cluster name; nodes with different names never merge (default: squall-<app name>).")
  String clusterName;

  @Option(names = "--cluster-host", paramLabel = "HOST", defaultValue = "${env:SQUALL_CLUSTER_HOST}",
      description = "The one address the event bus, and Hazelcast with the tcp and kubernetes configs, listen on"
          + " (an address of this machine, never 0.0.0.0; default: Hazelcast's).")
  String clusterHost;

  @Option(names = "--cluster-public-host", paramLabel = "HOST", defaultValue = "${env:SQUALL_CLUSTER_PUBLIC_HOST}",
      description = "Address other nodes dial for this node's event bus (e.g. the pod IP).")
  String clusterPublicHost;

  @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "${env:SQUALL_CLUSTER_PORT:-0}",
      description = "Event bus TCP port (default: ${DEFAULT-VALUE}, any free port).")
  int clusterPort;

  @Option(names = "--cluster-tls-cert", paramLabel = "PEM", defaultValue = "${env:SQUALL_CLUSTER_TLS_CERT}",
      description = "This node's event bus certificate; with --cluster-tls-key and --cluster-tls-trust the event bus"
          + " between nodes is mutual TLS.")
  String clusterTlsCert;

  @Option(names = "--cluster-tls-key", paramLabel = "PEM", defaultValue = "${env:SQUALL_CLUSTER_TLS_KEY}",
      description = "Private key of --cluster-tls-cert.")
  String clusterTlsKey;

  @Option(names = "--cluster-tls-trust", paramLabel = "PEM", defaultValue = "${env:SQUALL_CLUSTER_TLS_TRUST}",
      description = "CA certificate(s) that sign every node's event bus certificate.")
  String clusterTlsTrust;

  // Shorthands of the launcher, not of the node: NodeOptions knows no verticle names. They become optional --set
  // pairs, so they do nothing for an app without a verticle of that name (a backend-only node, a user's app).
  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Same as --set http.port=PORT, ignored without an http verticle (0: any free port).")
  Integer httpPort;

  @Option(names = "--bridge-port", paramLabel = "PORT",
      description = "Same as --set bridge.port=PORT, ignored without a bridge verticle (0: any free port).")
  Integer bridgePort;

  @Option(names = "--management-port", paramLabel = "PORT",
      defaultValue = "${env:SQUALL_MANAGEMENT_PORT:-" + NodeOptions.DEFAULT_MANAGEMENT_PORT + "}",
      description = "Port of /health/live, /health/ready, /metrics and /info (default: ${DEFAULT-VALUE}; 0: any"
          + " free port, logged at start).")
  int managementPort;

  @Option(names = "--event-loops", paramLabel = "N",
      description = "Event loop threads (default: ${DEFAULT-VALUE}, one per core).")
  int eventLoops;

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION", converter = SecondsConverter.class,
      description = "Longest drain on SIGTERM; overrides the descriptor's shutdownTimeout (default: "
          + Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS + ").")
  Integer shutdownTimeout;

  @Option(names = "--drain-delay", paramLabel = "DURATION", converter = SecondsConverter.class,
      defaultValue = "${env:SQUALL_DRAIN_DELAY:-" + NodeOptions.DEFAULT_DRAIN_DELAY + "}",
      description = "On SIGTERM, keep serving this long with /health/ready already 503, so a load balancer's health "
          + "check takes the node out before it stops accepting (default: ${DEFAULT-VALUE}; Kubernetes' preStop "
          + "pause does the same).")
  int drainDelay;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:SQUALL_LOG_FORMAT:-text}",
      description = "text or json (one JSON object per line; default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  @Mixin
  AppOptions app;

  enum LogFormat { text, json }

  /**
   * Defaults an annotation cannot hold because they are not compile-time constants: the event loops follow the
   * machine's cores ({@link NodeOptions#DEFAULT_EVENT_LOOPS}).
   */
  static final class CodeDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      if (arg instanceof OptionSpec option && option.longestName().equals("--event-loops")) {
        String env = System.getenv("SQUALL_EVENT_LOOPS");
        return env != null ? env : String.valueOf(NodeOptions.DEFAULT_EVENT_LOOPS);
      }
      return null;
    }
  }

  @Override
  public Integer call() throws Exception {
    NodeOptions options = new NodeOptions()
        .setDescriptor(descriptor == null ? null : descriptor.toString())
        .setRoles(roles)
        .setClustered(cluster)
        .setClusterConfig(clusterConfig)
        .setClusterName(clusterName)
        .setClusterHost(clusterHost)
        .setClusterPublicHost(clusterPublicHost)
        .setClusterPort(clusterPort)
        .setClusterTlsCert(clusterTlsCert)
        .setClusterTlsKey(clusterTlsKey)
        .setClusterTlsTrust(clusterTlsTrust)
        .setManagementPort(managementPort)
        .setShutdownTimeout(shutdownTimeout)
        .setDrainDelay(drainDelay)
        .setEventLoops(eventLoops)
        .setSets(app.sets);
    if (httpPort != null) {
      options.addOptionalSet("http.port", String.valueOf(httpPort));
    }
    if (bridgePort != null) {
      options.addOptionalSet("bridge.port", String.valueOf(bridgePort));
    }
    ClassLoader loader = app.classLoader(descriptor);
    Thread.currentThread().setContextClassLoader(loader);
    Descriptor d = app.load(descriptor, options.getSets(), loader);
    // before the "Starting" line: a SIGTERM from then on (a test, an orchestrator) drains instead of killing
    Shutdown shutdown = Shutdown.install(drainDelay + (shutdownTimeout != null ? shutdownTimeout : d.shutdownTimeoutSeconds()));
    LoggerFactory.getLogger(RunCommand.class).info("Starting Squall node: app={} roles={} clustered={}", d.name(),
        roles.isEmpty() ? "all" : roles, cluster);
    shutdown.started(Node.start(d, options).toCompletionStage().toCompletableFuture().get());
    return shutdown.exitCode().get(Long.MAX_VALUE, TimeUnit.DAYS);
  }
}
