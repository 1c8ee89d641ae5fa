package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.Ports;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/entrypoint.sh, unmodified, run by the machine's sh as a container would run it: the environment becomes
 * flags, the command is printed without secrets, java replaces the shell (so SIGTERM reaches the JVM) and the node
 * drains to exit 0. The node runs Kubernetes' production descriptor (k8s/base/chat.yaml, dev: false) with its
 * secrets from files, as the pods do.
 */
class DockerEntrypointIT {

  private static final Path ROOT = SquallProcess.root();
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatWasStarted() {
    for (Process p : started) {
      // by PID: the process (java, having replaced sh) and anything it started
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void environmentBecomesFlagsAndTheProductionDescriptorRunsUntilSigtermExitsZero(@TempDir Path secrets) throws Exception {
    Files.writeString(secrets.resolve("cookie"), "1=" + "c".repeat(40) + "\n");
    Files.writeString(secrets.resolve("jwt"), "j".repeat(44) + "\n");
    try (InputStream users = getClass().getClassLoader().getResourceAsStream("squall/chat/users.yaml")) {
      Files.write(secrets.resolve("users.yaml"), users.readAllBytes());
    }
    SelfSignedCertificate tls = SelfSignedCertificate.create("squall-cluster");
    int http = Ports.free();
    int bridge = Ports.free();
    int management = Ports.free();
    int bus = Ports.free();
    String cluster = "squall-entrypoint-" + UUID.randomUUID();
    Map<String, String> env = Map.ofEntries(
        Map.entry("SQUALL_JAR", SquallProcess.jar().toString()),
        Map.entry("JAVA_HOME", System.getProperty("java.home")),
        Map.entry("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dsquall.test.password=hunter2"),
        Map.entry("SQUALL_DESCRIPTOR", ROOT.resolve("k8s/base/chat.yaml").toString()),
        Map.entry("SQUALL_ROLES", "edge,backend"),
        Map.entry("SQUALL_CLUSTER", "true"),
        Map.entry("SQUALL_CLUSTER_CONFIG", "local"),
        Map.entry("SQUALL_CLUSTER_NAME", cluster),
        Map.entry("POD_IP", "127.0.0.1"),
        Map.entry("SQUALL_CLUSTER_PORT", String.valueOf(bus)),
        Map.entry("SQUALL_HTTP_PORT", String.valueOf(http)),
        Map.entry("SQUALL_BRIDGE_PORT", String.valueOf(bridge)),
        Map.entry("SQUALL_MANAGEMENT_PORT", String.valueOf(management)),
        Map.entry("SQUALL_SHUTDOWN_TIMEOUT", "10"),
        Map.entry("SQUALL_DRAIN_DELAY", "1"),
        Map.entry("SQUALL_CLUSTER_TLS_CERT", tls.certificatePath()),
        Map.entry("SQUALL_CLUSTER_TLS_KEY", tls.privateKeyPath()),
        Map.entry("SQUALL_CLUSTER_TLS_TRUST", tls.certificatePath()),
        // the pods' secret files, elsewhere
        Map.entry("SQUALL_HTTP_COOKIE_SECRET_FILE", secrets.resolve("cookie").toString()),
        Map.entry("SQUALL_AUTH_USERS_FILE", secrets.resolve("users.yaml").toString()),
        Map.entry("SQUALL_AUTH_KEYS", "[{kid: k1, secretFile: " + secrets.resolve("jwt") + "}]"));
    Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "squall-processes")), "entrypoint-", ".log");
    Process node = entrypoint(env, log, "--set", "chat.rooms=[alpha, beta]");

    awaitCondition("/health/ready 200 on " + management, Duration.ofSeconds(90), () -> {
      assertThat(node.isAlive()).as("entrypoint exited early:\n%s", read(log)).isTrue();
      return SquallProcess.get(management, "/health/ready").map(HttpResponse::statusCode).orElse(-1) == 200;
    });

    String command = read(log).lines().filter(l -> l.startsWith("squall-entrypoint: exec ")).findFirst().orElseThrow();
    assertThat(command)
        .contains(System.getProperty("java.home") + "/bin/java -XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75 -Xmx256m")
        .contains("-Dsquall.test.password=*** ")
        .doesNotContain("hunter2")
        .contains("-jar " + SquallProcess.jar() + " run " + ROOT.resolve("k8s/base/chat.yaml"))
        .contains(" --roles edge,backend --cluster --cluster-config local --cluster-name " + cluster)
        .contains(" --cluster-host 127.0.0.1 --cluster-public-host 127.0.0.1 --cluster-port " + bus
            + " --cluster-tls-cert " + tls.certificatePath() + " --cluster-tls-key " + tls.privateKeyPath()
            + " --cluster-tls-trust " + tls.certificatePath())
        .contains(" --http-port " + http + " --bridge-port " + bridge + " --management-port " + management)
        .contains(" --shutdown-timeout 10 --drain-delay 1")
        .endsWith(" --set 'chat.rooms=[alpha, beta]'");
    // exec: the process the container runtime signals is the JVM itself, not a shell in front of it
    assertThat(node.info().command().orElse("")).endsWith("java");

    JsonObject info = new JsonObject(SquallProcess.get(management, "/info").orElseThrow().body());
    assertThat(info.getBoolean("clustered")).isTrue();
    assertThat(info.getJsonArray("roles").getList()).containsExactly("edge", "backend");

    // dev: false, so this works only with the mounted secrets: users from the file, tokens signed with the file's key
    HttpResponse<String> token = SquallClient.to(http).postJson("/auth/token",
        "{\"username\":\"alice\",\"password\":\"alice-secret\"}");
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    String bearer = new JsonObject(token.body()).getString("token");
    assertThat(bearer).isNotBlank();
    SquallClient alice = SquallClient.to(http).bearer(bearer);
    HttpResponse<String> posted = alice.postJson("/rooms/alpha/messages", "{\"text\":\"hello\"}");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    HttpResponse<String> history = alice.get("/rooms/alpha/messages?since=0");
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    assertThat(history.body()).contains("\"text\":\"hello\"").contains("\"from\":\"alice\"");
    // the arguments after the image name reach `squall run`
    assertThat(SquallProcess.get(http, "/").orElseThrow().body()).contains("#alpha").contains("#beta").doesNotContain("#lobby");

    dashboardMetricsAreExported(SquallProcess.get(management, "/metrics").orElseThrow().body());

    long term = System.nanoTime();
    node.destroy(); // SIGTERM
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
    Duration draining = Duration.ofNanos(System.nanoTime() - term);
    System.out.printf("the entrypoint's node drained and exited %d ms after SIGTERM%n", draining.toMillis());
    assertThat(node.exitValue()).as(read(log)).isZero();
    // the bound is the drain delay (1 s) plus the shutdown timeout (10 s), and a second for the JVM to go
    assertThat(draining).isLessThan(Duration.ofSeconds(12));
    assertThat(read(log)).contains("SIGTERM received: draining (at most 11 s)");
  }

  @Test
  void otherCommandsRunAsTheyAreAndABadClusterValueIsRefused(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("version.log");
    Process version = entrypoint(Map.of("SQUALL_JAR", SquallProcess.jar().toString(),
        "JAVA_HOME", System.getProperty("java.home"), "SQUALL_ROLES", "edge", "SQUALL_JVM_FLAGS", "-Xss2m"), log,
        "version");
    assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(version.exitValue()).as(read(log)).isZero();
    assertThat(read(log)).contains("-jar " + SquallProcess.jar() + " version").doesNotContain("--roles").containsPattern("(?m)^squall [0-9]")
        .as("flags of one's own keep the exit on OutOfMemoryError")
        .contains("/bin/java -XX:+ExitOnOutOfMemoryError -Xss2m -jar ");

    Path bad = dir.resolve("bad.log");
    Process refused = entrypoint(Map.of("SQUALL_JAR", SquallProcess.jar().toString(), "SQUALL_CLUSTER", "maybe"), bad);
    assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(2);
    assertThat(read(bad)).contains("SQUALL_CLUSTER must be true or false, not 'maybe'");

    Path missing = dir.resolve("missing.log");
    Process noJar = entrypoint(Map.of("SQUALL_JAR", dir.resolve("nothing.jar").toString()), missing);
    assertThat(noJar.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(noJar.exitValue()).isEqualTo(1);
    assertThat(read(missing)).contains("no launcher jar at " + dir.resolve("nothing.jar"));
  }

  /**
   * Every metric docs/grafana/squall.json graphs is one this node exports, but for counters that appear with their
   * first event (a bridge refusal, a presence change, a refused channel request, a GC pause).
   */
  private static void dashboardMetricsAreExported(String metrics) {
    Set<String> firstEventOnly = Set.of("squall_bridge_rejects_total", "squall_channels_presence_events_total",
        "squall_channels_rejected_total", "jvm_gc_pause_seconds_sum");
    Set<String> exported = new TreeSet<>();
    metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> exported.add(l.split("[{ ]")[0]));
    Set<String> graphed = new TreeSet<>();
    Matcher m = Pattern.compile("\\b((?:squall|vertx|jvm|process)_[a-z0-9_]+)")
        .matcher(read(ROOT.resolve("docs/grafana/squall.json")));
    while (m.find()) {
      graphed.add(m.group(1));
    }
    assertThat(graphed).hasSizeGreaterThan(20);
    graphed.removeAll(firstEventOnly);
    assertThat(exported).as("metrics the dashboard graphs").containsAll(graphed);
  }

  /** {@code sh docker/entrypoint.sh ARGS} with only {@code env} and PATH, output to {@code log}. */
  private Process entrypoint(Map<String, String> env, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", ROOT.resolve("docker/entrypoint.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    String path = pb.environment().get("PATH");
    pb.environment().clear();
    pb.environment().put("PATH", path);
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
