package io.squall.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.platform.Descriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must hold in docker/compose.yaml and docker/haproxy.cfg: health checks on the nodes' management ports, a stop
 * grace above the drain, secrets as files, a member list of real services, and haproxy backends that point at the
 * edges' http and bridge ports, checked on /health/ready, with the bridge sticky.
 */
final class ComposeChecks {

  private static final Pattern URL = Pattern.compile("https?://[^/:\\s]+:([0-9]+)(/[^\\s\"']*)");
  private static final Pattern DURATION = Pattern.compile("(?:([0-9]+)m)?(?:([0-9]+)s)?");

  private final JsonNode compose;
  private final Function<String, String> files;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Map<String, String>> envs = new LinkedHashMap<>();

  private ComposeChecks(JsonNode compose, Function<String, String> files) {
    this.compose = compose;
    this.files = files;
  }

  /**
   * @param files reads a file named relative to the compose file (env_file, haproxy.cfg); null when missing
   */
  static List<String> check(JsonNode compose, Function<String, String> files) {
    ComposeChecks c = new ComposeChecks(compose, files);
    c.run();
    return c.problems;
  }

  private void run() {
    JsonNode services = compose.path("services");
    services.fields().forEachRemaining(e -> envs.put(e.getKey(), environment(e.getKey(), e.getValue())));
    services.fields().forEachRemaining(e -> {
      if (isSquall(e.getValue())) {
        squallService(e.getKey(), e.getValue());
      }
    });
    compose.path("secrets").fields().forEachRemaining(e -> {
      String file = e.getValue().path("file").asText(null);
      if (file == null || !file.startsWith("./secrets/")) {
        problems.add("secret " + e.getKey() + " must be a file under ./secrets/ (gitignored), not " + e.getValue());
      }
    });
    services.fields().forEachRemaining(e -> {
      for (JsonNode v : e.getValue().path("volumes")) {
        String source = v.asText().split(":")[0];
        if (source.endsWith("haproxy.cfg")) {
          String cfg = files.apply(source);
          if (cfg == null) {
            problems.add("service " + e.getKey() + " mounts " + source + ", which does not exist");
          } else {
            haproxy(e.getKey(), e.getValue(), cfg);
          }
        }
      }
    });
  }

  static boolean isSquall(JsonNode service) {
    return service.has("build") || service.path("image").asText().startsWith("squall");
  }

  private Map<String, String> environment(String name, JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode envFiles = service.path("env_file");
    for (JsonNode f : envFiles.isArray() ? envFiles : List.of(envFiles)) {
      if (f.isMissingNode()) {
        continue;
      }
      String text = files.apply(f.asText());
      if (text == null) {
        problems.add("service " + name + ": env_file " + f.asText() + " does not exist");
        continue;
      }
      text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && l.contains("="))
          .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    }
    JsonNode environment = service.path("environment");
    if (environment.isArray()) {
      environment.forEach(l -> env.put(l.asText().split("=", 2)[0], l.asText().contains("=") ? l.asText().split("=", 2)[1] : ""));
    } else {
      environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    env.forEach((k, v) -> problems.addAll(SecretScan.variable("service " + name + " environment", k, v)));
    return env;
  }

  private int envInt(String service, String name, int fallback) {
    String v = envs.getOrDefault(service, Map.of()).get(name);
    return v == null ? fallback : Integer.parseInt(v.trim());
  }

  private Set<Integer> exposed(JsonNode service) {
    Set<Integer> ports = new LinkedHashSet<>();
    service.path("expose").forEach(p -> ports.add(Integer.parseInt(p.asText().split("/")[0])));
    return ports;
  }

  private void squallService(String name, JsonNode service) {
    int management = envInt(name, "SQUALL_MANAGEMENT_PORT", 9090);
    String test = String.join(" ", texts(service.path("healthcheck").path("test")));
    Matcher url = URL.matcher(test);
    if (!url.find()) {
      problems.add("service " + name + ": no healthcheck on http://127.0.0.1:" + management + "/health/ready");
    } else {
      int port = Integer.parseInt(url.group(1));
      if (!Set.of("/health/ready", "/health/live").contains(url.group(2))) {
        problems.add("service " + name + ": healthcheck path " + url.group(2) + " is not /health/ready or /health/live");
      }
      if (port != management) {
        problems.add("service " + name + ": healthcheck port " + port + " is not the management port " + management);
      }
    }
    if (!exposed(service).contains(management)) {
      problems.add("service " + name + ": management port " + management + " is not exposed");
    }
    int drain = envInt(name, "SQUALL_DRAIN_DELAY", 0)
        + envInt(name, "SQUALL_SHUTDOWN_TIMEOUT", Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
    int grace = seconds(service.path("stop_grace_period").asText("10s"));
    if (grace <= drain + Shutdown.LEAVE_SECONDS) {
      problems.add("service " + name + ": stop_grace_period " + grace + " s is not above the drain " + drain
          + " s (drain delay + shutdown timeout) + leaving the cluster " + Shutdown.LEAVE_SECONDS + " s");
    }
    if (Set.of("true", "1", "yes").contains(envs.get(name).getOrDefault("SQUALL_CLUSTER", "false").toLowerCase())) {
      clusterHost(name, service);
    }
    String members = envs.get(name).get("SQUALL_CLUSTER_MEMBERS");
    if (members != null) {
      for (String member : members.split(",")) {
        String host = member.strip().split(":")[0];
        if (!compose.path("services").has(host)) {
          problems.add("service " + name + ": SQUALL_CLUSTER_MEMBERS names " + host + ", which is no service");
        }
      }
    }
    for (JsonNode secret : service.path("secrets")) {
      String s = secret.isObject() ? secret.path("source").asText() : secret.asText();
      if (!compose.path("secrets").has(s)) {
        problems.add("service " + name + ": secret " + s + " is not declared under secrets:");
      }
    }
  }

  /**
   * Hazelcast and the event bus listen on the cluster host alone and advertise it: in compose, the service's own name
   * (or hostname), which resolves to its container's address. 0.0.0.0 would open them on every interface, and a name
   * shared through the env file would make every node claim the same address.
   */
  private void clusterHost(String name, JsonNode service) {
    String host = envs.get(name).get("SQUALL_CLUSTER_HOST");
    String own = "the service's own name (" + name + "), the one address Hazelcast and the event bus should listen on";
    if (host == null) {
      problems.add("service " + name + ": clustered without SQUALL_CLUSTER_HOST: set it to " + own);
    } else if (!host.equals(name) && !host.equals(service.path("hostname").asText(name))) {
      problems.add("service " + name + ": SQUALL_CLUSTER_HOST " + host + " is not " + own);
    }
  }

  private void haproxy(String name, JsonNode proxy, String cfg) {
    Set<Integer> published = new LinkedHashSet<>();
    for (JsonNode p : proxy.path("ports")) {
      String[] parts = p.asText().split(":");
      published.add(Integer.parseInt(parts[parts.length - 1].split("/")[0]));
    }
    String section = "";
    Map<String, List<String>> sections = new LinkedHashMap<>();
    for (String raw : cfg.lines().toList()) {
      String line = raw.replaceAll("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      if (!Character.isWhitespace(raw.charAt(0))) {
        section = line;
        sections.put(section, new ArrayList<>());
      } else {
        sections.computeIfAbsent(section, k -> new ArrayList<>()).add(line);
      }
    }
    sections.forEach((header, lines) -> {
      if (header.startsWith("frontend ")) {
        lines.stream().filter(l -> l.startsWith("bind ")).forEach(l -> {
          int port = Integer.parseInt(l.split("\\s+")[1].replaceAll(".*:", ""));
          if (!published.contains(port)) {
            problems.add("haproxy " + header + ": binds " + port + ", which service " + name + " does not publish");
          }
        });
      } else if (header.startsWith("backend ")) {
        backend(header, lines);
      }
    });
  }

  private void backend(String header, List<String> lines) {
    String where = "haproxy " + header;
    String defaults = lines.stream().filter(l -> l.startsWith("default-server ")).findFirst().orElse("");
    boolean bridge = false;
    List<String> servers = lines.stream().filter(l -> l.startsWith("server ")).toList();
    if (servers.isEmpty()) {
      problems.add(where + ": no servers");
    }
    for (String server : servers) {
      String[] words = server.split("\\s+");
      String host = words[2].split(":")[0];
      int port = Integer.parseInt(words[2].split(":")[1]);
      JsonNode service = compose.path("services").path(host);
      if (service.isMissingNode()) {
        problems.add(where + ": server " + words[1] + " points at " + host + ", which is no compose service");
        continue;
      }
      int http = envInt(host, "SQUALL_HTTP_PORT", 8080);
      int bridgePort = envInt(host, "SQUALL_BRIDGE_PORT", 8081);
      bridge |= port == bridgePort;
      if ((port != http && port != bridgePort) || !exposed(service).contains(port)) {
        problems.add(where + ": server " + words[1] + " port " + port + " is neither the http (" + http + ") nor the"
            + " bridge (" + bridgePort + ") port exposed by service " + host);
      }
      String options = defaults + " " + server;
      Matcher check = Pattern.compile("\\bport\\s+([0-9]+)").matcher(options);
      int management = envInt(host, "SQUALL_MANAGEMENT_PORT", 9090);
      if (!options.matches(".*\\bcheck\\b.*") || !check.find() || Integer.parseInt(check.group(1)) != management) {
        problems.add(where + ": server " + words[1] + " is not checked on the management port " + management);
      }
    }
    if (lines.stream().noneMatch(l -> l.matches("option httpchk (GET )?/health/ready.*"))) {
      problems.add(where + ": health check is not GET /health/ready (option httpchk)");
    }
    if (bridge && lines.stream().noneMatch(l -> l.startsWith("cookie ") || l.matches("balance\\s+source.*"))) {
      problems.add(where + ": serves the bridge without sticky routing (cookie or balance source)");
    }
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  static int seconds(String duration) {
    Matcher m = DURATION.matcher(duration.strip());
    if (!m.matches() || duration.isBlank()) {
      throw new IllegalArgumentException("unsupported duration " + duration);
    }
    return (m.group(1) == null ? 0 : Integer.parseInt(m.group(1)) * 60) + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
  }
}
