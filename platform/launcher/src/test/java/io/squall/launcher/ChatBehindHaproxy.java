package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;

import io.squall.testing.Ports;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The packaged chat app on real JVMs behind a real haproxy (Debian's), for the fault tests: each node keeps its
 * ports across restarts, so haproxy's configuration stays valid; haproxy takes a node out when its
 * {@code /health/ready} fails twice (300 ms apart) and retries refused connections on another node.
 */
final class ChatBehindHaproxy implements AutoCloseable {

  static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  /** One node's place: its roles and the ports it keeps across restarts. */
  record Slot(String name, String roles, int http, int bridge, int management) {
    boolean edge() {
      return roles.contains("edge");
    }
  }

  private final Path dir;
  private final Path app;
  private final Path cookie;
  private final Path jwt;
  private final String cluster = "squall-haproxy-it-" + UUID.randomUUID();
  private final List<Slot> slots = new ArrayList<>();
  private final List<SquallProcess> nodes = new ArrayList<>();
  private final List<SquallProcess> everyProcess = new ArrayList<>();
  private final List<String> extraArgs = new ArrayList<>();
  private Process haproxy;
  private int httpFront;
  private int bridgeFront;

  ChatBehindHaproxy(Path dir) throws IOException {
    Chrome.requireTool(HAPROXY, "haproxy", "apt-get install -y haproxy");
    this.dir = dir;
    app = ChatDescriptor.withoutPostLimit(dir);
    // shared secrets, as a real cluster has: a session or token made on one node is good on every other
    cookie = Files.writeString(dir.resolve("cookie"), "1=haproxy-it-cookie-secret-0123456789abcdef\n");
    jwt = Files.writeString(dir.resolve("jwt"), "haproxy-it-jwt-secret-0123456789abcdef");
  }

  /** Adds a node slot (started by {@link #start()}). */
  ChatBehindHaproxy node(String name, String roles) {
    slots.add(new Slot(name, roles, Ports.free(), Ports.free(), Ports.free()));
    nodes.add(null);
    return this;
  }

  /** Arguments every node gets, e.g. {@code --drain-delay 2}. */
  ChatBehindHaproxy args(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }

  /** Starts every node, waits until all are ready and clustered, then starts haproxy in front of the edges. */
  ChatBehindHaproxy start() throws IOException {
    for (int i = 0; i < slots.size(); i++) {
      launch(i);
    }
    for (int i = 0; i < slots.size(); i++) {
      awaitMember(i);
    }
    startHaproxy();
    return this;
  }

  String httpBase() {
    return "http://127.0.0.1:" + httpFront;
  }

  /** An edge's own http address, not through haproxy. */
  String httpBaseOf(int slot) {
    return "http://127.0.0.1:" + slots.get(slot).http();
  }

  int bridgeFront() {
    return bridgeFront;
  }

  SquallProcess node(int slot) {
    return nodes.get(slot);
  }

  int size() {
    return slots.size();
  }

  /**
   * SIGTERM, wait for the drain to end (exit 0), start the node again on the same ports and wait until it is ready:
   * one step of a rolling restart, as an orchestrator does it.
   */
  long restart(int slot) {
    long started = System.nanoTime();
    SquallProcess old = nodes.get(slot);
    old.sigterm();
    int exit = old.waitForExit(Duration.ofSeconds(60));
    if (exit != 0) {
      throw new AssertionError(slots.get(slot).name() + " exited with " + exit + " on SIGTERM:\n" + old.log());
    }
    launch(slot);
    awaitMember(slot);
    return (System.nanoTime() - started) / 1_000_000;
  }

  void sigkill(int slot) {
    nodes.get(slot).sigkill();
  }

  private void launch(int i) {
    Slot s = slots.get(i);
    List<String> args = new ArrayList<>(List.of("--management-port", String.valueOf(s.management())));
    if (s.edge()) {
      args.addAll(List.of("--http-port", String.valueOf(s.http()), "--bridge-port", String.valueOf(s.bridge())));
    }
    args.addAll(extraArgs);
    SquallProcess p = SquallProcess.clusterMember(app.toString(), cluster, s.roles(), args.toArray(String[]::new))
        .env("SQUALL_HTTP_COOKIE_SECRET_FILE", cookie.toString())
        .env("SQUALL_AUTH_KEYS", "[{kid: k1, secretFile: " + jwt + "}]").name(s.name()).start();
    nodes.set(i, p);
    everyProcess.add(p);
  }

  /** Ready (deployed, and Hazelcast says the cluster is safe) and seeing every other node. */
  private void awaitMember(int i) {
    SquallProcess p = nodes.get(i).awaitReady(Duration.ofSeconds(90));
    awaitCondition(slots.get(i).name() + " sees " + slots.size() + " members", Duration.ofSeconds(60),
        () -> p.info().getInteger("members", 0) == slots.size());
    p.awaitReady(Duration.ofSeconds(60));
  }

  private void startHaproxy() throws IOException {
    httpFront = Ports.free();
    bridgeFront = Ports.free();
    List<String> lines = new ArrayList<>(List.of(
        "global", "  maxconn 2000",
        "defaults", "  mode http", "  timeout connect 1s", "  timeout client 60s", "  timeout server 60s",
        "  timeout tunnel 120s", "  option redispatch 1", "  retries 3", "  retry-on conn-failure",
        "frontend web", "  bind 127.0.0.1:" + httpFront, "  default_backend http",
        "frontend bus", "  bind 127.0.0.1:" + bridgeFront, "  default_backend bridge"));
    for (String backend : List.of("http", "bridge")) {
      lines.addAll(List.of("backend " + backend, "  balance roundrobin", "  option httpchk GET /health/ready",
          "  default-server inter 300ms fall 2 rise 2"));
      for (Slot s : slots) {
        if (s.edge()) {
          lines.add("  server " + s.name() + " 127.0.0.1:" + (backend.equals("http") ? s.http() : s.bridge())
              + " check port " + s.management());
        }
      }
    }
    Path config = Files.writeString(dir.resolve("haproxy.cfg"), String.join("\n", lines) + "\n");
    haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    awaitCondition("haproxy forwards to a node", Duration.ofSeconds(20),
        () -> SquallClient.status(httpBase() + "/login") == 200);
  }

  @Override
  public void close() throws InterruptedException {
    if (haproxy != null) {
      haproxy.destroyForcibly().waitFor();
    }
    everyProcess.forEach(SquallProcess::close);
  }
}
