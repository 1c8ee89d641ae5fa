package io.squall.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start a {@link Node}: which descriptor, which roles, clustered or not, its management port, and overrides of
 * its verticles' config. It names no verticle: a verticle's port is a {@code --set} like any key of its config
 * ({@code addSet("http.port", "0")}), and {@link Node#ports()} says which port it bound.
 */
public class NodeOptions {

  public static final int DEFAULT_MANAGEMENT_PORT = 9090;
  public static final String DEFAULT_CLUSTER_CONFIG = "local";
  public static final String DEFAULT_MANAGEMENT_HOST = "0.0.0.0";
  public static final int DEFAULT_DRAIN_DELAY = 0;
  /**
   * One per core, not Vert.x's two. A node's verticles talk over the event bus, and a message to a consumer on
   * another event loop wakes that loop's thread (a system call each way when it sleeps): with twice as many loops as
   * cores, a service verticle tends to sit on a loop of its own, idle between requests, and every request to it pays
   * two wake-ups. On as many loops as cores, it shares a loop that is busy anyway (bench/run http: the bus route's
   * CPU per request dropped by about a third). Event loops never block, so more loops than cores buy nothing.
   */
  public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  private String descriptor;
  private List<String> roles = new ArrayList<>();
  private boolean clustered;
  private String clusterConfig;
  private String clusterName;
  private String clusterHost;
  private String clusterPublicHost;
  private int clusterPort;
  private String clusterTlsCert;
  private String clusterTlsKey;
  private String clusterTlsTrust;
  private int eventLoops = DEFAULT_EVENT_LOOPS;
  private int managementPort = DEFAULT_MANAGEMENT_PORT;
  private String managementHost = DEFAULT_MANAGEMENT_HOST;
  private Integer shutdownTimeout;
  private int drainDelay = DEFAULT_DRAIN_DELAY;
  private Map<String, String> sets = new LinkedHashMap<>();
  private Map<String, String> environment = System.getenv();

  public NodeOptions() {
  }

  public NodeOptions(NodeOptions other) {
    this(other.toJson());
    this.environment = other.environment;
  }

  public NodeOptions(JsonObject json) {
    descriptor = json.getString("descriptor");
    json.getJsonArray("roles", new JsonArray()).forEach(r -> roles.add((String) r));
    clustered = json.getBoolean("clustered", false);
    clusterConfig = json.getString("clusterConfig");
    clusterName = json.getString("clusterName");
    clusterHost = json.getString("clusterHost");
    clusterPublicHost = json.getString("clusterPublicHost");
    clusterPort = json.getInteger("clusterPort", 0);
    clusterTlsCert = json.getString("clusterTlsCert");
    clusterTlsKey = json.getString("clusterTlsKey");
    clusterTlsTrust = json.getString("clusterTlsTrust");
    eventLoops = json.getInteger("eventLoops", DEFAULT_EVENT_LOOPS);
    managementPort = json.getInteger("managementPort", DEFAULT_MANAGEMENT_PORT);
    managementHost = json.getString("managementHost", DEFAULT_MANAGEMENT_HOST);
    shutdownTimeout = json.getInteger("shutdownTimeout");
    drainDelay = json.getInteger("drainDelay", DEFAULT_DRAIN_DELAY);
    json.getJsonObject("sets", new JsonObject()).forEach(e -> sets.put(e.getKey(), String.valueOf(e.getValue())));
  }

  /** The environment is left out: it may hold secrets and is not part of a node's identity. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("roles", new JsonArray(new ArrayList<>(roles)))
        .put("clustered", clustered)
        .put("clusterPort", clusterPort)
        .put("eventLoops", eventLoops)
        .put("managementPort", managementPort)
        .put("managementHost", managementHost)
        .put("drainDelay", drainDelay)
        .put("sets", new JsonObject(new LinkedHashMap<>(sets)));
    putIfSet(json, "descriptor", descriptor);
    putIfSet(json, "clusterConfig", clusterConfig);
    putIfSet(json, "clusterName", clusterName);
    putIfSet(json, "clusterHost", clusterHost);
    putIfSet(json, "clusterPublicHost", clusterPublicHost);
    putIfSet(json, "clusterTlsCert", clusterTlsCert);
    putIfSet(json, "clusterTlsKey", clusterTlsKey);
    putIfSet(json, "clusterTlsTrust", clusterTlsTrust);
    putIfSet(json, "shutdownTimeout", shutdownTimeout);
    return json;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /** Path of the descriptor YAML. */
  public String getDescriptor() {
    return descriptor;
  }

  public NodeOptions setDescriptor(String descriptor) {
    this.descriptor = descriptor;
    return this;
  }

  /** Roles this node plays; empty means every verticle of the descriptor. */
  public List<String> getRoles() {
    return roles;
  }

  public NodeOptions setRoles(List<String> roles) {
    this.roles = new ArrayList<>(roles);
    return this;
  }

  public boolean isClustered() {
    return clustered;
  }

  public NodeOptions setClustered(boolean clustered) {
    this.clustered = clustered;
    return this;
  }

  /**
   * Hazelcast XML: a file path, {@code classpath:NAME}, or one of the packaged {@code local}, {@code tcp},
   * {@code kubernetes}. Defaults to {@value #DEFAULT_CLUSTER_CONFIG}.
   */
  public String getClusterConfig() {
    return clusterConfig;
  }

  public NodeOptions setClusterConfig(String clusterConfig) {
    this.clusterConfig = clusterConfig;
    return this;
  }

  /** Hazelcast cluster name; nodes with different names never merge. Defaults to {@code squall-<app name>}. */
  public String getClusterName() {
    return clusterName;
  }

  public NodeOptions setClusterName(String clusterName) {
    this.clusterName = clusterName;
    return this;
  }

  /**
   * The one address the event bus listens on for node-to-node traffic, and Hazelcast too with the packaged tcp and
   * kubernetes configs ({@code ${SQUALL_CLUSTER_HOST}}); never a wildcard (a clustered node refuses one).
   */
  public String getClusterHost() {
    return clusterHost;
  }

  public NodeOptions setClusterHost(String clusterHost) {
    this.clusterHost = clusterHost;
    return this;
  }

  /** Address other nodes use to reach this one (behind NAT or in a pod), if not the cluster host. */
  public String getClusterPublicHost() {
    return clusterPublicHost;
  }

  public NodeOptions setClusterPublicHost(String clusterPublicHost) {
    this.clusterPublicHost = clusterPublicHost;
    return this;
  }

  /** Event bus TCP port; 0 picks a free one. */
  public int getClusterPort() {
    return clusterPort;
  }

  public NodeOptions setClusterPort(int clusterPort) {
    this.clusterPort = clusterPort;
    return this;
  }

  /**
   * PEM certificate (chain) this node presents on the event bus. With {@link #setClusterTlsKey key} and
   * {@link #setClusterTlsTrust trust}, node-to-node event bus traffic is TLS with client certificates required: a node
   * accepts and dials only peers whose certificate the trust file's CA signed. Host names are not verified (nodes dial
   * each other by IP). Hazelcast's own traffic (membership, maps) stays clear text: TLS for it is not in open-source
   * Hazelcast.
   */
  public String getClusterTlsCert() {
    return clusterTlsCert;
  }

  public NodeOptions setClusterTlsCert(String clusterTlsCert) {
    this.clusterTlsCert = clusterTlsCert;
    return this;
  }

  /** PEM private key (PKCS#8 or PKCS#1) of {@link #getClusterTlsCert()}. */
  public String getClusterTlsKey() {
    return clusterTlsKey;
  }

  public NodeOptions setClusterTlsKey(String clusterTlsKey) {
    this.clusterTlsKey = clusterTlsKey;
    return this;
  }

  /** PEM file of the CA certificate(s) that sign every node's event bus certificate. */
  public String getClusterTlsTrust() {
    return clusterTlsTrust;
  }

  public NodeOptions setClusterTlsTrust(String clusterTlsTrust) {
    this.clusterTlsTrust = clusterTlsTrust;
    return this;
  }

  /** Event loop threads of the node; instances of a verticle spread over them. */
  public int getEventLoops() {
    return eventLoops;
  }

  public NodeOptions setEventLoops(int eventLoops) {
    this.eventLoops = eventLoops;
    return this;
  }

  /** Port of health, metrics and info; 0 picks a free one. */
  public int getManagementPort() {
    return managementPort;
  }

  public NodeOptions setManagementPort(int managementPort) {
    this.managementPort = managementPort;
    return this;
  }

  public String getManagementHost() {
    return managementHost;
  }

  public NodeOptions setManagementHost(String managementHost) {
    this.managementHost = managementHost;
    return this;
  }

  /** Seconds a draining node waits for in-flight work; overrides the descriptor's {@code shutdownTimeout}. */
  public Integer getShutdownTimeout() {
    return shutdownTimeout;
  }

  public NodeOptions setShutdownTimeout(Integer shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
    return this;
  }

  /**
   * Seconds a node keeps serving after SIGTERM with readiness already 503, before its servers stop accepting: the
   * time a load balancer's health check needs to take it out of rotation (haproxy: about {@code inter + fall *
   * fastinter}). 0 (the default) suits Kubernetes, where the preStop pause does this.
   */
  public int getDrainDelay() {
    return drainDelay;
  }

  public NodeOptions setDrainDelay(int drainDelay) {
    if (drainDelay < 0) {
      throw new IllegalArgumentException("drainDelay must be >= 0, got " + drainDelay);
    }
    this.drainDelay = drainDelay;
    return this;
  }

  /** {@code --set} pairs: {@code verticle.key -> value}. */
  public Map<String, String> getSets() {
    return sets;
  }

  public NodeOptions setSets(Map<String, String> sets) {
    this.sets = new LinkedHashMap<>(sets);
    return this;
  }

  public NodeOptions addSet(String key, String value) {
    sets.put(key, value);
    return this;
  }

  /**
   * Adds a {@code --set} pair that is skipped, not refused, when the descriptor has no verticle of that name: the
   * launcher's {@code --http-port P} is {@code ?http.port=P}, harmless for an app without an {@code http} verticle.
   * It replaces a plain pair for the same key and, added last, wins over it.
   */
  public NodeOptions addOptionalSet(String key, String value) {
    sets.remove(key);
    sets.remove(Overrides.OPTIONAL + key);
    sets.put(Overrides.OPTIONAL + key, value);
    return this;
  }

  /** Where {@code SQUALL_*} overrides are read from; the process environment by default. */
  public Map<String, String> getEnvironment() {
    return environment;
  }

  public NodeOptions setEnvironment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }
}
