package io.squall.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.platform.ClusterConfigs;
import io.squall.platform.Descriptor;
import io.squall.platform.VerticleSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must hold in Squall's Kubernetes manifests for the nodes to start, cluster, drain and be probed as the code
 * expects. {@link #check} returns one line per problem; the descriptor a pod runs is read from its ConfigMap and
 * parsed by {@link Descriptor} itself, so ports and the drain timeout come from where the node gets them.
 */
final class K8sChecks {

  static final int DEFAULT_GRACE_SECONDS = 30;
  static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");
  private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final List<JsonNode> docs;
  private final List<String> problems = new ArrayList<>();
  private final List<Pod> pods = new ArrayList<>();

  private K8sChecks(List<JsonNode> docs) {
    this.docs = docs;
  }

  static List<String> check(List<JsonNode> docs) {
    K8sChecks c = new K8sChecks(docs);
    c.run();
    return c.problems;
  }

  /** One container of a workload, with what the node inside it will listen on. */
  private record Pod(String workload, Map<String, String> labels, JsonNode spec, JsonNode container,
      Map<String, String> env, Descriptor descriptor, List<String> roles, Map<String, Integer> namedPorts) {

    int envInt(String name, int fallback) {
      String v = env.get(name);
      return v == null ? fallback : Integer.parseInt(v.trim());
    }

    boolean clustered() {
      return Set.of("true", "1", "yes").contains(env.getOrDefault("SQUALL_CLUSTER", "false").toLowerCase());
    }

    int managementPort() {
      return envInt("SQUALL_MANAGEMENT_PORT", 9090);
    }

    int hazelcastPort() {
      return envInt("SQUALL_HAZELCAST_PORT", 5701);
    }

    int eventBusPort() {
      return envInt("SQUALL_CLUSTER_PORT", 0);
    }

    /** Verticle name -> its config port, for the verticles of this pod's roles. */
    Map<String, Integer> verticlePorts() {
      Map<String, Integer> ports = new LinkedHashMap<>();
      if (descriptor != null) {
        for (VerticleSpec v : descriptor.verticlesFor(roles)) {
          Object port = v.config().getValue("port");
          if (port instanceof Number n) {
            ports.put(v.name(), n.intValue());
          }
        }
      }
      return ports;
    }

    /** A port as a probe or Service gives it (number or name) -> the container port, or -1. */
    int resolve(JsonNode port) {
      if (port.isInt()) {
        return port.asInt();
      }
      return namedPorts.getOrDefault(port.asText(), -1);
    }
  }

  private void run() {
    for (JsonNode doc : docs) {
      if (WORKLOAD_KINDS.contains(doc.path("kind").asText())) {
        workload(doc);
      }
      if ("Secret".equals(doc.path("kind").asText())) {
        for (String field : List.of("data", "stringData")) {
          if (doc.path(field).size() > 0) {
            problems.add("Secret " + name(doc) + " has " + field + " written in the manifest: create it with kubectl"
                + " (or a secretGenerator over gitignored files) instead");
          }
        }
      }
      if ("ConfigMap".equals(doc.path("kind").asText())) {
        doc.path("data").fields().forEachRemaining(e -> {
          if (e.getKey().endsWith(".yaml") || e.getKey().endsWith(".yml")) {
            ManifestFiles.documents(e.getValue().asText())
                .forEach(d -> SecretScan.tree("ConfigMap " + name(doc) + " " + e.getKey(), d, problems));
          }
        });
      }
    }
    pods.forEach(this::podChecks);
    services();
    ingresses();
    networkPolicies();
    budgetsAndAutoscalers();
  }

  private void workload(JsonNode doc) {
    String name = doc.path("kind").asText() + " " + name(doc);
    Map<String, String> selector = strings(doc.path("spec").path("selector").path("matchLabels"));
    Map<String, String> labels = strings(doc.path("spec").path("template").path("metadata").path("labels"));
    if (selector.isEmpty()) {
      problems.add(name + ": spec.selector.matchLabels is empty");
    } else if (!labels.entrySet().containsAll(selector.entrySet())) {
      problems.add(name + ": selector " + selector + " does not match the pod template's labels " + labels);
    }
    JsonNode spec = doc.path("spec").path("template").path("spec");
    for (JsonNode c : spec.path("containers")) {
      Map<String, String> env = new LinkedHashMap<>();
      for (JsonNode e : c.path("env")) {
        if (e.has("value")) {
          env.put(e.path("name").asText(), e.path("value").asText());
          problems.addAll(SecretScan.variable(name + " env", e.path("name").asText(), e.path("value").asText()));
        }
      }
      Map<String, Integer> named = new HashMap<>();
      c.path("ports").forEach(p -> named.put(p.path("name").asText(), p.path("containerPort").asInt()));
      String roles = env.getOrDefault("SQUALL_ROLES", "");
      pods.add(new Pod(name, labels, spec, c, env, descriptor(name, spec, c, env),
          roles.isBlank() ? List.of() : Arrays.stream(roles.split(",")).map(String::trim).toList(), named));
    }
  }

  /** The descriptor the node will load: SQUALL_DESCRIPTOR in a mounted ConfigMap, else the packaged chat app. */
  private Descriptor descriptor(String workload, JsonNode spec, JsonNode container, Map<String, String> env) {
    String path = env.get("SQUALL_DESCRIPTOR");
    String yaml = path == null ? packagedDescriptor() : null;
    if (path != null) {
      for (JsonNode mount : container.path("volumeMounts")) {
        String dir = mount.path("mountPath").asText();
        if (path.startsWith(dir + "/")) {
          String key = path.substring(dir.length() + 1);
          for (JsonNode volume : spec.path("volumes")) {
            if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("configMap")) {
              JsonNode cm = ManifestFiles.find(docs, "ConfigMap", volume.path("configMap").path("name").asText());
              yaml = cm == null ? null : cm.path("data").path(key).textValue();
            }
          }
        }
      }
      if (yaml == null) {
        problems.add(workload + ": SQUALL_DESCRIPTOR " + path + " is in no mounted ConfigMap of these manifests");
        return null;
      }
    }
    try {
      // the secrets it names are mounted in the pod, not here: checked as `squall check --no-file-lookup` does
      return Descriptor.parse(path == null ? AppOptions.DEFAULT_DESCRIPTOR : path, yaml, env, Map.of(),
          K8sChecks.class.getClassLoader(), false);
    } catch (RuntimeException e) {
      problems.add(workload + ": its descriptor does not load: " + e.getMessage());
      return null;
    }
  }

  static String packagedDescriptor() {
    try (InputStream in = K8sChecks.class.getClassLoader().getResourceAsStream(AppOptions.DEFAULT_DESCRIPTOR)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void podChecks(Pod pod) {
    String where = pod.workload();
    probes(pod, where);
    ports(pod, where);
    cluster(pod, where);
    grace(pod, where);
  }

  private void probes(Pod pod, String where) {
    Map<String, String> expected = Map.of("readinessProbe", "/health/ready", "livenessProbe", "/health/live");
    expected.forEach((probe, path) -> {
      if (!pod.container().has(probe)) {
        problems.add(where + ": no " + probe + " (" + path + " on the management port)");
      }
    });
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      JsonNode p = pod.container().path(probe);
      if (p.isMissingNode()) {
        continue;
      }
      JsonNode get = p.path("httpGet");
      String path = get.path("path").asText();
      if (get.isMissingNode()) {
        problems.add(where + ": " + probe + " is not an httpGet on the management port");
      } else if (!Set.of("/health/live", "/health/ready").contains(path)
          || (expected.containsKey(probe) && !expected.get(probe).equals(path))) {
        problems.add(where + ": " + probe + " path " + path + " (expected "
            + expected.getOrDefault(probe, "/health/live or /health/ready") + ")");
      } else if (pod.resolve(get.path("port")) != pod.managementPort()) {
        problems.add(where + ": " + probe + " port " + get.path("port").asText() + " is not the management port "
            + pod.managementPort());
      }
    }
  }

  private void ports(Pod pod, String where) {
    Map<Integer, String> expected = new LinkedHashMap<>();
    expected.put(pod.managementPort(), "management");
    if (pod.clustered()) {
      expected.put(pod.hazelcastPort(), "hazelcast");
      if (pod.eventBusPort() > 0) {
        expected.put(pod.eventBusPort(), "event bus");
      }
    }
    pod.verticlePorts().forEach((verticle, port) -> expected.put(port, verticle));
    Set<Integer> declared = new LinkedHashSet<>(pod.namedPorts().values());
    expected.forEach((port, what) -> {
      if (!declared.contains(port)) {
        problems.add(where + ": no containerPort " + port + " for " + what);
      }
    });
    declared.stream().filter(p -> !expected.containsKey(p)).forEach(p -> problems.add(where + ": containerPort " + p
        + " is served by nothing on this node (ports: " + expected + ")"));
  }

  private void cluster(Pod pod, String where) {
    if (!pod.clustered()) {
      return;
    }
    if (pod.eventBusPort() <= 0) {
      problems.add(where + ": clustered without a fixed event bus port (SQUALL_CLUSTER_PORT)");
    }
    if (!pod.env().containsKey("SQUALL_CLUSTER_PUBLIC_HOST") && !fieldRef(pod, "POD_IP", "status.podIP")) {
      problems.add(where + ": no address for other nodes to dial (POD_IP from status.podIP, or SQUALL_CLUSTER_PUBLIC_HOST)");
    }
    clusterHost(pod, where);
    clusterTls(pod, where);
    if (!"kubernetes".equals(pod.env().get("SQUALL_CLUSTER_CONFIG"))) {
      return;
    }
    String dns = pod.env().get("SQUALL_K8S_SERVICE_DNS");
    if (dns == null) {
      problems.add(where + ": --cluster-config kubernetes without SQUALL_K8S_SERVICE_DNS");
      return;
    }
    Matcher m = VARIABLE_REFERENCE.matcher(dns);
    while (m.find()) {
      if (!definedBefore(pod, m.group(1), "SQUALL_K8S_SERVICE_DNS")) {
        problems.add(where + ": SQUALL_K8S_SERVICE_DNS uses $(" + m.group(1) + "), which is not defined before it");
      }
    }
    String[] labels = dns.split("\\.");
    boolean namespaceOk = labels.length == 1 || (labels.length >= 3 && "svc".equals(labels[2])
        && (!labels[1].startsWith("$(") || fieldRef(pod, labels[1].substring(2, labels[1].length() - 1), "metadata.namespace")));
    if (!namespaceOk) {
      problems.add(where + ": SQUALL_K8S_SERVICE_DNS " + dns + " is not <service>[.<namespace>.svc...]"
          + " with the namespace from metadata.namespace");
    }
    JsonNode service = ManifestFiles.find(docs, "Service", labels[0]);
    if (service == null) {
      problems.add(where + ": SQUALL_K8S_SERVICE_DNS names Service " + labels[0] + ", which these manifests lack");
      return;
    }
    if (!"None".equals(service.path("spec").path("clusterIP").asText())) {
      problems.add("Service " + labels[0] + " (SQUALL_K8S_SERVICE_DNS of " + where + ") is not headless (clusterIP: None)");
    }
    Map<String, String> selector = strings(service.path("spec").path("selector"));
    if (selector.isEmpty() || !pod.labels().entrySet().containsAll(selector.entrySet())) {
      problems.add("Service " + labels[0] + " does not select the pods of " + where);
    }
    boolean hazelcast = false;
    for (JsonNode p : service.path("spec").path("ports")) {
      JsonNode target = p.has("targetPort") ? p.path("targetPort") : p.path("port");
      hazelcast |= p.path("port").asInt() == pod.hazelcastPort() && pod.resolve(target) == pod.hazelcastPort();
    }
    if (!hazelcast) {
      problems.add("Service " + labels[0] + " does not expose Hazelcast's port " + pod.hazelcastPort() + " of " + where);
    }
  }

  /**
   * Hazelcast and the event bus listen on the cluster host alone: the pod IP (POD_IP, which the entrypoint passes as
   * --cluster-host, or SQUALL_CLUSTER_HOST from status.podIP), never every interface.
   */
  private void clusterHost(Pod pod, String where) {
    String host = pod.env().get("SQUALL_CLUSTER_HOST");
    if (host != null && ClusterConfigs.isWildcard(host)) {
      problems.add(where + ": SQUALL_CLUSTER_HOST " + host + " is every interface (the node refuses it): leave it out,"
          + " so that the pod IP is used");
    } else if (host == null && !fieldRef(pod, "POD_IP", "status.podIP")
        && !fieldRef(pod, "SQUALL_CLUSTER_HOST", "status.podIP")) {
      problems.add(where + ": no address for Hazelcast and the event bus to listen on (POD_IP from status.podIP)");
    }
  }

  /** Event bus TLS: all three files or none (the node refuses half), each in a mounted Secret. */
  private void clusterTls(Pod pod, String where) {
    List<String> names = List.of("SQUALL_CLUSTER_TLS_CERT", "SQUALL_CLUSTER_TLS_KEY", "SQUALL_CLUSTER_TLS_TRUST");
    long given = names.stream().filter(pod.env()::containsKey).count();
    if (given != 0 && given != names.size()) {
      problems.add(where + ": event bus TLS needs all of " + names + " (the node refuses to start with part of them)");
    }
    for (String name : names) {
      String path = pod.env().get(name);
      if (path != null && !inMountedSecret(pod, path)) {
        problems.add(where + ": " + name + " " + path + " is in no mounted Secret");
      }
    }
  }

  private static boolean inMountedSecret(Pod pod, String path) {
    for (JsonNode mount : pod.container().path("volumeMounts")) {
      if (path.startsWith(mount.path("mountPath").asText() + "/")) {
        for (JsonNode volume : pod.spec().path("volumes")) {
          if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void grace(Pod pod, String where) {
    int grace = pod.spec().path("terminationGracePeriodSeconds").asInt(DEFAULT_GRACE_SECONDS);
    int drain = pod.env().containsKey("SQUALL_SHUTDOWN_TIMEOUT") ? pod.envInt("SQUALL_SHUTDOWN_TIMEOUT", 0)
        : pod.descriptor() != null ? pod.descriptor().shutdownTimeoutSeconds() : Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS;
    int preStop = preStopSeconds(pod.container().path("lifecycle").path("preStop"));
    int needed = preStop + drain + Shutdown.LEAVE_SECONDS;
    if (grace <= needed) {
      problems.add(where + ": terminationGracePeriodSeconds " + grace + " is not above preStop " + preStop + " s + drain "
          + drain + " s + leaving the cluster " + Shutdown.LEAVE_SECONDS + " s = " + needed + " s");
    }
  }

  /** Seconds a preStop hook sleeps: {@code sleep: {seconds}}, or an exec of {@code sleep N} (maybe via sh -c). */
  static int preStopSeconds(JsonNode preStop) {
    if (preStop.has("sleep")) {
      return preStop.path("sleep").path("seconds").asInt();
    }
    List<String> command = new ArrayList<>();
    preStop.path("exec").path("command").forEach(w -> command.add(w.asText()));
    Matcher m = Pattern.compile("(?:^|\\s)sleep\\s+([0-9]+)").matcher(String.join(" ", command));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private void services() {
    for (JsonNode svc : byKind("Service")) {
      String where = "Service " + name(svc);
      Map<String, String> selector = strings(svc.path("spec").path("selector"));
      List<Pod> selected = pods.stream().filter(p -> p.labels().entrySet().containsAll(selector.entrySet())).toList();
      if (selector.isEmpty() || selected.isEmpty()) {
        problems.add(where + ": selector " + selector + " matches no pod template");
        continue;
      }
      for (JsonNode port : svc.path("spec").path("ports")) {
        JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
        for (Pod pod : selected) {
          if (!pod.namedPorts().containsValue(pod.resolve(target))) {
            problems.add(where + ": targetPort " + target.asText() + " is no container port of " + pod.workload());
          }
        }
      }
    }
  }

  private void ingresses() {
    Set<Integer> bridgePorts = new LinkedHashSet<>();
    for (Pod pod : pods) {
      if (pod.descriptor() != null) {
        pod.descriptor().verticlesFor(pod.roles()).stream().filter(v -> v.className().endsWith(".BridgeVerticle"))
            .forEach(v -> bridgePorts.add(pod.verticlePorts().get(v.name())));
      }
    }
    for (JsonNode ing : byKind("Ingress")) {
      String where = "Ingress " + name(ing);
      for (JsonNode rule : ing.path("spec").path("rules")) {
        for (JsonNode path : rule.path("http").path("paths")) {
          JsonNode backend = path.path("backend").path("service");
          JsonNode svc = ManifestFiles.find(docs, "Service", backend.path("name").asText());
          if (svc == null) {
            problems.add(where + ": backend Service " + backend.path("name").asText() + " does not exist");
            continue;
          }
          JsonNode port = null;
          for (JsonNode p : svc.path("spec").path("ports")) {
            if (p.path("name").asText().equals(backend.path("port").path("name").asText())
                || p.path("port").asInt() == backend.path("port").path("number").asInt(-1)) {
              port = p;
            }
          }
          if (port == null) {
            problems.add(where + ": Service " + name(svc) + " has no port " + backend.path("port"));
            continue;
          }
          JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
          boolean toBridge = pods.stream().anyMatch(p -> bridgePorts.contains(p.resolve(target)));
          String affinity = ing.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/affinity").asText();
          if (toBridge && !"cookie".equals(affinity)) {
            problems.add(where + ": routes " + path.path("path").asText() + " to the bridge without cookie affinity"
                + " (nginx.ingress.kubernetes.io/affinity: cookie); SockJS fallbacks need sticky sessions");
          }
        }
      }
    }
  }

  private void networkPolicies() {
    for (Pod pod : pods.stream().filter(Pod::clustered).toList()) {
      Set<Integer> clusterPorts = Set.of(pod.hazelcastPort(), pod.eventBusPort());
      List<JsonNode> policies = byKind("NetworkPolicy").stream().filter(np -> pod.labels().entrySet()
          .containsAll(strings(np.path("spec").path("podSelector").path("matchLabels")).entrySet())).toList();
      if (policies.isEmpty()) {
        problems.add(pod.workload() + ": no NetworkPolicy guards Hazelcast and the event bus " + clusterPorts);
      }
      for (JsonNode np : policies) {
        for (JsonNode rule : np.path("spec").path("ingress")) {
          boolean opens = rule.path("ports").isMissingNode() || rule.path("ports").isEmpty();
          for (JsonNode p : rule.path("ports")) {
            opens |= clusterPorts.contains(pod.resolve(p.path("port")));
          }
          if (opens && !onlySquallPods(rule.path("from"))) {
            problems.add("NetworkPolicy " + name(np) + ": a rule opens " + clusterPorts + " of " + pod.workload()
                + " to more than Squall's pods");
          }
        }
      }
    }
  }

  /** Every peer is a pod selector (no namespace or IP block) that picks only pods of a clustered workload. */
  private boolean onlySquallPods(JsonNode from) {
    if (from.isMissingNode() || from.isEmpty()) {
      return false;
    }
    for (JsonNode peer : from) {
      Map<String, String> selector = strings(peer.path("podSelector").path("matchLabels"));
      if (peer.has("namespaceSelector") || peer.has("ipBlock") || selector.isEmpty()
          || pods.stream().noneMatch(p -> p.clustered() && p.labels().entrySet().containsAll(selector.entrySet()))) {
        return false;
      }
    }
    return true;
  }

  private void budgetsAndAutoscalers() {
    for (JsonNode pdb : byKind("PodDisruptionBudget")) {
      Map<String, String> selector = strings(pdb.path("spec").path("selector").path("matchLabels"));
      if (selector.isEmpty() || pods.stream().noneMatch(p -> p.labels().entrySet().containsAll(selector.entrySet()))) {
        problems.add("PodDisruptionBudget " + name(pdb) + ": selector " + selector + " matches no pod template");
      }
    }
    for (JsonNode hpa : byKind("HorizontalPodAutoscaler")) {
      JsonNode target = hpa.path("spec").path("scaleTargetRef");
      if (ManifestFiles.find(docs, target.path("kind").asText(), target.path("name").asText()) == null) {
        problems.add("HorizontalPodAutoscaler " + name(hpa) + ": scales " + target.path("kind").asText() + " "
            + target.path("name").asText() + ", which these manifests lack");
      }
    }
  }

  private static boolean fieldRef(Pod pod, String variable, String fieldPath) {
    for (JsonNode e : pod.container().path("env")) {
      if (e.path("name").asText().equals(variable)) {
        return fieldPath.equals(e.path("valueFrom").path("fieldRef").path("fieldPath").asText());
      }
    }
    return false;
  }

  private static boolean definedBefore(Pod pod, String variable, String user) {
    for (JsonNode e : pod.container().path("env")) {
      if (e.path("name").asText().equals(user)) {
        return false;
      }
      if (e.path("name").asText().equals(variable)) {
        return true;
      }
    }
    return false;
  }

  private List<JsonNode> byKind(String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  static String name(JsonNode doc) {
    return doc.path("metadata").path("name").asText();
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }
}
