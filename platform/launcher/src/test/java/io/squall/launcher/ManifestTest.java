package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.testing.SquallProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files (k8s/, docker/) agree with the code: selectors, probes, ports, cluster discovery, grace periods,
 * no secret values, compose health checks and haproxy backends. Each check is also fed a broken manifest, to show
 * that it can fail.
 */
class ManifestTest {

  private static final Path ROOT = SquallProcess.root();

  // ---- the repository's files ----------------------------------------------------------------------------------

  @Test
  void everyYamlFileUnderK8sAndDockerParsesAndEveryManifestNamesItsKind() throws IOException {
    List<Path> files = yamlFiles();
    assertThat(files).extracting(p -> ROOT.relativize(p).toString())
        .contains("k8s/base/kustomization.yaml", "k8s/overlays/small/kustomization.yaml", "docker/compose.yaml");
    for (Path file : files) {
      List<JsonNode> docs = ManifestFiles.documents(file);
      assertThat(docs).as(file.toString()).isNotEmpty();
      if (file.startsWith(ROOT.resolve("k8s"))) {
        for (JsonNode doc : docs) {
          boolean descriptor = doc.has("verticles");
          boolean kustomization = file.endsWith("kustomization.yaml");
          if (!descriptor && !kustomization) {
            assertThat(doc.path("apiVersion").asText()).as(file + " apiVersion").isNotEmpty();
            assertThat(doc.path("kind").asText()).as(file + " kind").isNotEmpty();
            assertThat(doc.path("metadata").path("name").asText()).as(file + " metadata.name").isNotEmpty();
          }
        }
      }
    }
  }

  @Test
  void kustomizeBaseHoldsTogether() {
    List<JsonNode> docs = ManifestFiles.render(ROOT.resolve("k8s/base"));
    assertThat(docs).extracting(d -> d.path("kind").asText())
        .contains("Deployment", "Service", "Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler",
            "NetworkPolicy", "ConfigMap");
    assertThat(docs).noneMatch(d -> d.has("metadata") && d.path("metadata").has("namespace"));
    assertThat(K8sChecks.check(docs)).isEmpty();
  }

  @Test
  void everyOverlayHoldsTogether() throws IOException {
    try (Stream<Path> dirs = Files.list(ROOT.resolve("k8s/overlays"))) {
      List<Path> overlays = dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).toList();
      assertThat(overlays).extracting(p -> p.getFileName().toString()).contains("small");
      for (Path overlay : overlays) {
        assertThat(K8sChecks.check(ManifestFiles.render(overlay))).as(overlay.toString()).isEmpty();
      }
    }
    List<JsonNode> small = ManifestFiles.render(ROOT.resolve("k8s/overlays/small"));
    assertThat(small).filteredOn(d -> "Deployment".equals(d.path("kind").asText()))
        .allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1));
  }

  @Test
  void productionDescriptorDiffersFromThePackagedOneOnlyInProductionKeys() {
    JsonNode packaged = ManifestFiles.documents(K8sChecks.packagedDescriptor()).get(0);
    JsonNode production = ManifestFiles.documents(ROOT.resolve("k8s/base/chat.yaml")).get(0);
    Map<String, Set<String>> productionKeys = Map.of(
        "http", Set.of("dev", "cookieSecretFile", "trustedProxies"),
        "auth", Set.of("dev", "usersFile", "keys"),
        "chat", Set.of("bridgeUrl"));
    assertThat(production.path("verticles").get(0).path("config").path("dev").asBoolean(true)).isFalse();
    assertThat(production.path("verticles").get(3).path("config").path("dev").asBoolean(true)).isFalse();
    assertThat(withoutKeys(production, productionKeys)).isEqualTo(withoutKeys(packaged, productionKeys));
  }

  @Test
  void composeFileAndHaproxyConfigHoldTogether() {
    Path docker = ROOT.resolve("docker");
    JsonNode compose = ManifestFiles.documents(docker.resolve("compose.yaml")).get(0);
    assertThat(compose.path("services").fieldNames()).toIterable().contains("haproxy", "edge1", "edge2", "backend");
    assertThat(ComposeChecks.check(compose, name -> {
      Path p = docker.resolve(name).normalize();
      return Files.isRegularFile(p) ? ManifestFiles.read(p) : null;
    })).isEmpty();
  }

  @Test
  void secretFilesAreIgnoredByGitAndByTheImageContext() {
    assertThat(ManifestFiles.read(ROOT.resolve(".gitignore")).lines()).contains("docker/secrets/", "k8s/**/secrets/");
    assertThat(ManifestFiles.read(ROOT.resolve(".dockerignore")).lines()).contains("docker/secrets", "k8s/**/secrets");
  }

  /** A misspelt variable (SQUALL_SHUTDOWN_TIMOUT) would be silently ignored by every part of the node. */
  @Test
  void everySquallVariableTheFilesSetIsReadBySomething() throws IOException {
    Set<String> known = new TreeSet<>(List.of("SQUALL_K8S_SERVICE_DNS", "SQUALL_HAZELCAST_PORT", "SQUALL_CLUSTER_MEMBERS"));
    Matcher inScript = Pattern.compile("\\$\\{(SQUALL_[A-Z0-9_]+)").matcher(ManifestFiles.read(ROOT.resolve("docker/entrypoint.sh")));
    while (inScript.find()) {
      known.add(inScript.group(1));
    }
    Set<String> verticles = new TreeSet<>();
    for (JsonNode v : ManifestFiles.documents(K8sChecks.packagedDescriptor()).get(0).path("verticles")) {
      verticles.add(v.path("name").asText().toUpperCase().replace('-', '_'));
    }
    List<String> unknown = new ArrayList<>();
    for (Path file : yamlFiles()) {
      Matcher m = Pattern.compile("\\b(SQUALL_[A-Z0-9_]+)").matcher(ManifestFiles.read(file));
      while (m.find()) {
        String name = m.group(1);
        if (!known.contains(name) && verticles.stream().noneMatch(v -> name.startsWith("SQUALL_" + v + "_"))) {
          unknown.add(ROOT.relativize(file) + ": " + name);
        }
      }
    }
    Matcher env = Pattern.compile("(?m)^(SQUALL_[A-Z0-9_]+)=").matcher(ManifestFiles.read(ROOT.resolve("docker/squall.env")));
    while (env.find()) {
      String name = env.group(1);
      if (!known.contains(name) && verticles.stream().noneMatch(v -> name.startsWith("SQUALL_" + v + "_"))) {
        unknown.add("docker/squall.env: " + name);
      }
    }
    assertThat(unknown).isEmpty();
  }

  // ---- each check fails on a broken manifest --------------------------------------------------------------------

  @Test
  void theValidFixturePassesEveryCheck() {
    assertThat(K8sChecks.check(ManifestFiles.documents(K8sFixture.VALID))).isEmpty();
    assertThat(compose(ComposeFixture.COMPOSE, ComposeFixture.HAPROXY)).isEmpty();
  }

  @Test
  void aSelectorThatMissesTheTemplateLabelsFails() {
    assertThat(k8s("selector: {matchLabels: {app: web}}", "selector: {matchLabels: {app: other}}"))
        .anyMatch(p -> p.contains("Deployment web: selector {app=other} does not match the pod template's labels"));
  }

  @Test
  void probesOffTheHealthPathsOrTheManagementPortFail() {
    assertThat(k8s("{path: /health/ready, port: management}", "{path: /ready, port: management}"))
        .anyMatch(p -> p.contains("readinessProbe path /ready"));
    assertThat(k8s("{path: /health/ready, port: management}", "{path: /health/live, port: management}"))
        .anyMatch(p -> p.contains("readinessProbe path /health/live (expected /health/ready)"));
    assertThat(k8s("{path: /health/live, port: 9090}", "{path: /health/live, port: 8080}"))
        .anyMatch(p -> p.contains("livenessProbe port 8080 is not the management port 9090"));
    assertThat(k8s("{path: /health/live, port: 9090}", "{path: /health/live, port: http}"))
        .anyMatch(p -> p.contains("livenessProbe port http is not the management port 9090"));
    assertThat(k8s("          livenessProbe: {httpGet: {path: /health/live, port: 9090}}\n", ""))
        .anyMatch(p -> p.contains("no livenessProbe"));
  }

  @Test
  void containerPortsThatDifferFromWhatTheNodeServesFail() {
    assertThat(k8s("            - {name: eventbus, containerPort: 15701}\n", ""))
        .anyMatch(p -> p.contains("no containerPort 15701 for event bus"));
    assertThat(k8s("containerPort: 5701}", "containerPort: 5702}"))
        .anyMatch(p -> p.contains("no containerPort 5701 for hazelcast"))
        .anyMatch(p -> p.contains("containerPort 5702 is served by nothing"));
    // the http port comes from the descriptor in the ConfigMap
    assertThat(k8s("config: {port: 8080", "config: {port: 8000"))
        .anyMatch(p -> p.contains("no containerPort 8000 for http"));
    // and from an override in the pod's environment, as the node reads it
    assertThat(k8s("            - {name: SQUALL_CLUSTER_PORT", "            - {name: SQUALL_BRIDGE_PORT, value: \"8181\"}\n"
        + "            - {name: SQUALL_CLUSTER_PORT"))
        .anyMatch(p -> p.contains("no containerPort 8181 for bridge"));
  }

  @Test
  void aDiscoveryNameThatIsNotTheHeadlessServiceFails() {
    assertThat(k8s("clusterIP: None", "clusterIP: 10.0.0.9"))
        .anyMatch(p -> p.contains("Service hz (SQUALL_K8S_SERVICE_DNS of Deployment web) is not headless"));
    assertThat(k8s("value: \"hz.$(NS).svc.cluster.local\"", "value: \"hazelcast.$(NS).svc.cluster.local\""))
        .anyMatch(p -> p.contains("names Service hazelcast, which these manifests lack"));
    assertThat(k8s("fieldPath: metadata.namespace", "fieldPath: metadata.name"))
        .anyMatch(p -> p.contains("with the namespace from metadata.namespace"));
    assertThat(k8s("ports: [{name: hazelcast, port: 5701, targetPort: hazelcast}]",
        "ports: [{name: eventbus, port: 15701, targetPort: eventbus}]"))
        .anyMatch(p -> p.contains("does not expose Hazelcast's port 5701"));
    assertThat(k8s("            - {name: SQUALL_CLUSTER_PORT, value: \"15701\"}\n", ""))
        .anyMatch(p -> p.contains("without a fixed event bus port"));
  }

  @Test
  void aClusterHostOnEveryInterfaceOrNoneFails() {
    assertThat(k8s("            - {name: SQUALL_CLUSTER_PORT",
        "            - {name: SQUALL_CLUSTER_HOST, value: 0.0.0.0}\n            - {name: SQUALL_CLUSTER_PORT"))
        .anyMatch(p -> p.contains("SQUALL_CLUSTER_HOST 0.0.0.0 is every interface"));
    assertThat(k8s("fieldPath: status.podIP", "fieldPath: status.hostIP"))
        .anyMatch(p -> p.contains("no address for Hazelcast and the event bus to listen on"));
    // the old docker/squall.env: one wildcard host for every node
    String shared = edit(edit(ComposeFixture.COMPOSE, "      SQUALL_CLUSTER_HOST: edge\n", ""),
        "      SQUALL_CLUSTER_HOST: back\n", "");
    assertThat(compose(shared, ComposeFixture.HAPROXY, ComposeFixture.ENV + "SQUALL_CLUSTER_HOST=0.0.0.0\n"))
        .anyMatch(p -> p.contains("service edge: SQUALL_CLUSTER_HOST 0.0.0.0 is not the service's own name (edge)"));
    assertThat(compose(shared, ComposeFixture.HAPROXY))
        .anyMatch(p -> p.contains("service back: clustered without SQUALL_CLUSTER_HOST"));
    String copied = edit(ComposeFixture.COMPOSE, "SQUALL_CLUSTER_HOST: back", "SQUALL_CLUSTER_HOST: edge");
    assertThat(compose(copied, ComposeFixture.HAPROXY))
        .anyMatch(p -> p.contains("service back: SQUALL_CLUSTER_HOST edge is not the service's own name (back)"));
  }

  @Test
  void partOfAnEventBusTlsConfigurationOrFilesOutsideASecretFail() {
    assertThat(k8s("            - {name: SQUALL_CLUSTER_PORT", "            - {name: SQUALL_CLUSTER_TLS_CERT, value: /etc/squall/node.crt}\n"
        + "            - {name: SQUALL_CLUSTER_PORT"))
        .anyMatch(p -> p.contains("event bus TLS needs all of [SQUALL_CLUSTER_TLS_CERT, SQUALL_CLUSTER_TLS_KEY,"))
        .anyMatch(p -> p.contains("SQUALL_CLUSTER_TLS_CERT /etc/squall/node.crt is in no mounted Secret"));
    List<JsonNode> tls = ManifestFiles.render(ROOT.resolve("k8s/overlays/cluster-tls"));
    assertThat(tls).filteredOn(d -> "Deployment".equals(d.path("kind").asText())).hasSize(2)
        .allSatisfy(d -> assertThat(d.toString()).contains("SQUALL_CLUSTER_TLS_TRUST").contains("squall-cluster-tls"));
  }

  @Test
  void aGracePeriodNotAboveTheDrainFails() {
    assertThat(k8s("terminationGracePeriodSeconds: 40", "terminationGracePeriodSeconds: 30"))
        .anyMatch(p -> p.contains("terminationGracePeriodSeconds 30 is not above preStop 5 s + drain 20 s"));
    // the drain is the descriptor's shutdownTimeout unless the pod overrides it
    assertThat(k8s("shutdownTimeout: 20s", "shutdownTimeout: 30s"))
        .anyMatch(p -> p.contains("terminationGracePeriodSeconds 40 is not above preStop 5 s + drain 30 s"));
    assertThat(k8s("            - {name: SQUALL_CLUSTER_PORT", "            - {name: SQUALL_SHUTDOWN_TIMEOUT, value: \"45\"}\n"
        + "            - {name: SQUALL_CLUSTER_PORT"))
        .anyMatch(p -> p.contains("drain 45 s"));
  }

  @Test
  void secretValuesInManifestsFail() {
    assertThat(k8sWith("---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {cookie: MTIz}\n"))
        .anyMatch(p -> p.contains("Secret s has data written in the manifest"));
    assertThat(k8sWith("---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {cookie: abc}\n"))
        .anyMatch(p -> p.contains("Secret s has stringData written in the manifest"));
    assertThat(k8s("            - {name: SQUALL_CLUSTER_PORT", "            - {name: SQUALL_DB_PASSWORD, value: hunter2}\n"
        + "            - {name: SQUALL_CLUSTER_PORT"))
        .anyMatch(p -> p.contains("SQUALL_DB_PASSWORD has a literal value"));
    assertThat(k8s("            - {name: SQUALL_CLUSTER_PORT", "            - {name: JAVA_OPTS, value: \"-Xmx1g -Dstore.password=hunter2\"}\n"
        + "            - {name: SQUALL_CLUSTER_PORT"))
        .anyMatch(p -> p.contains("JAVA_OPTS sets store.password to a literal value"));
    assertThat(k8s("            - {name: SQUALL_CLUSTER_PORT", "            - {name: SQUALL_AUTH_KEYS, value: \"[{kid: k1, secret: abcdef}]\"}\n"
        + "            - {name: SQUALL_CLUSTER_PORT"))
        .anyMatch(p -> p.contains("SQUALL_AUTH_KEYS: secret holds a secret value"));
    assertThat(k8s("cookieSecretFile: /run/secrets/s/cookie", "cookieSecrets: {'1': abcdefabcdefabcdefabcdefabcdefabcdef}"))
        .anyMatch(p -> p.contains("ConfigMap app app.yaml: cookieSecrets holds a secret value"));
  }

  @Test
  void servicesIngressesBudgetsAndAutoscalersMustPointAtSomething() {
    assertThat(k8s("targetPort: bridge}", "targetPort: web}"))
        .anyMatch(p -> p.contains("Service bus: targetPort web is no container port of Deployment web"));
    assertThat(k8s("    nginx.ingress.kubernetes.io/affinity: cookie\n", "    x: y\n"))
        .anyMatch(p -> p.contains("Ingress bus: routes /eventbus to the bridge without cookie affinity"));
    assertThat(k8s("service: {name: bus,", "service: {name: nothing,"))
        .anyMatch(p -> p.contains("Ingress bus: backend Service nothing does not exist"));
    assertThat(k8sWith("---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b}\n"
        + "spec: {maxUnavailable: 1, selector: {matchLabels: {app: nobody}}}\n"))
        .anyMatch(p -> p.contains("PodDisruptionBudget b: selector {app=nobody} matches no pod template"));
    assertThat(k8sWith("---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: a}\n"
        + "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: gone}, maxReplicas: 2}\n"))
        .anyMatch(p -> p.contains("scales Deployment gone, which these manifests lack"));
  }

  @Test
  void clusterPortsOpenToMoreThanSquallPodsFail() {
    assertThat(k8s("    - from: [{podSelector: {matchLabels: {app: web}}}]", "    - from: [{namespaceSelector: {}}]"))
        .anyMatch(p -> p.contains("NetworkPolicy np: a rule opens [5701, 15701]") || p.contains("[15701, 5701]"));
    assertThat(k8s("    - ports: [{port: 8080}, {port: 8081}, {port: 9090}]", "    - ports: [{port: 8080}, {port: 5701}]"))
        .anyMatch(p -> p.contains("to more than Squall's pods"));
    assertThat(k8s("  podSelector: {matchLabels: {app: web}}", "  podSelector: {matchLabels: {app: db}}"))
        .anyMatch(p -> p.contains("no NetworkPolicy guards Hazelcast and the event bus"));
  }

  @Test
  void composeHealthChecksGracePeriodsMembersAndSecretsAreChecked() {
    assertThat(compose(edit(ComposeFixture.COMPOSE, "/health/ready\"]", "/ready\"]"), ComposeFixture.HAPROXY))
        .anyMatch(p -> p.contains("service edge: healthcheck path /ready is not /health/ready or /health/live"));
    assertThat(compose(edit(ComposeFixture.COMPOSE, "127.0.0.1:9090", "127.0.0.1:8080"), ComposeFixture.HAPROXY))
        .anyMatch(p -> p.contains("service edge: healthcheck port 8080 is not the management port 9090"));
    assertThat(compose(edit(ComposeFixture.COMPOSE, "stop_grace_period: 40s", "stop_grace_period: 25s"), ComposeFixture.HAPROXY))
        .anyMatch(p -> p.contains("service edge: stop_grace_period 25 s is not above the drain 20 s"));
    assertThat(compose(ComposeFixture.COMPOSE, ComposeFixture.HAPROXY, edit(ComposeFixture.ENV, "edge:5701", "edge3:5701")))
        .anyMatch(p -> p.contains("SQUALL_CLUSTER_MEMBERS names edge3, which is no service"));
    assertThat(compose(edit(ComposeFixture.COMPOSE, "file: ./secrets/cookie", "environment: COOKIE"), ComposeFixture.HAPROXY))
        .anyMatch(p -> p.contains("secret cookie must be a file under ./secrets/"));
    assertThat(compose(edit(ComposeFixture.COMPOSE, "SQUALL_ROLES: edge", "SQUALL_ROLES: edge\n      SQUALL_HTTP_COOKIE_SECRET: abc"),
        ComposeFixture.HAPROXY))
        .anyMatch(p -> p.contains("SQUALL_HTTP_COOKIE_SECRET has a literal value"));
  }

  @Test
  void haproxyBackendsMustPointAtTheEdgesCheckedAndStickyForTheBridge() {
    assertThat(compose(ComposeFixture.COMPOSE, edit(ComposeFixture.HAPROXY, "server e1 edge:8080", "server e1 web:8080")))
        .anyMatch(p -> p.contains("server e1 points at web, which is no compose service"));
    assertThat(compose(ComposeFixture.COMPOSE, edit(ComposeFixture.HAPROXY, "server e1 edge:8080", "server e1 edge:8000")))
        .anyMatch(p -> p.contains("server e1 port 8000 is neither the http (8080) nor the bridge (8081) port"));
    assertThat(compose(ComposeFixture.COMPOSE, edit(ComposeFixture.HAPROXY, "check port 9090", "check port 8080")))
        .anyMatch(p -> p.contains("server e1 is not checked on the management port 9090"));
    assertThat(compose(ComposeFixture.COMPOSE, edit(ComposeFixture.HAPROXY, "option httpchk GET /health/ready", "option httpchk GET /")))
        .anyMatch(p -> p.contains("health check is not GET /health/ready"));
    assertThat(compose(ComposeFixture.COMPOSE, edit(ComposeFixture.HAPROXY, "  cookie SQUALL_EDGE insert indirect nocache\n", "")))
        .anyMatch(p -> p.contains("backend bridge: serves the bridge without sticky routing"));
    assertThat(compose(ComposeFixture.COMPOSE, edit(ComposeFixture.HAPROXY, "bind :8081", "bind :8082")))
        .anyMatch(p -> p.contains("binds 8082, which service haproxy does not publish"));
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private static List<String> k8s(String from, String to) {
    assertThat(K8sFixture.VALID).as("fixture text to replace").contains(from);
    return K8sChecks.check(ManifestFiles.documents(K8sFixture.VALID.replace(from, to)));
  }

  private static List<String> k8sWith(String extraDocuments) {
    return K8sChecks.check(ManifestFiles.documents(K8sFixture.VALID + extraDocuments));
  }

  private static List<String> compose(String composeYaml, String haproxyCfg) {
    return compose(composeYaml, haproxyCfg, ComposeFixture.ENV);
  }

  private static List<String> compose(String composeYaml, String haproxyCfg, String envFile) {
    Map<String, String> files = new HashMap<>(Map.of("./haproxy.cfg", haproxyCfg, "squall.env", envFile));
    return ComposeChecks.check(ManifestFiles.documents(composeYaml).get(0), files::get);
  }

  private static String edit(String text, String from, String to) {
    assertThat(text).as("fixture text to replace").contains(from);
    return text.replace(from, to);
  }

  private static List<Path> yamlFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("k8s", "docker")) {
      try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
        walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .filter(p -> !p.toString().contains("/secrets/")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  /** The descriptor without the keys production sets differently (and without shutdownTimeout, stated there). */
  private static JsonNode withoutKeys(JsonNode descriptor, Map<String, Set<String>> keys) {
    ObjectNode copy = descriptor.deepCopy();
    copy.remove("shutdownTimeout");
    for (JsonNode v : copy.path("verticles")) {
      Set<String> drop = keys.getOrDefault(v.path("name").asText(), Set.of());
      if (v.path("config") instanceof ObjectNode config) {
        config.remove(drop);
        if (config.isEmpty()) {
          ((ObjectNode) v).remove("config");
        }
      }
    }
    return copy;
  }
}
