package io.squall.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code squall} JVM, started from the launcher's jar, for tests that need separate processes: clusters,
 * SIGTERM and SIGKILL. Every process is killed when the test JVM exits, whatever the test did.
 *
 * <p>Ports are bound, not chosen: {@code run} gets {@code --management-port 0} unless the args name one, and the
 * process's log says which port that became; {@link #port(String)} then reads every server's bound port from
 * {@code /info}. Pass {@code --http-port 0} (or {@code --set name.port=0}) for the servers too: a port picked free
 * up front can be taken by anything before the node binds it.
 *
 * <pre>
 * try (SquallProcess node = SquallProcess.run("app.yaml", "--cluster", "--http-port", "0").start().awaitReady()) {
 *   assertEquals(1, node.info().getInteger("members"));
 *   SquallProcess.get(node.port("http"), "/");
 *   node.sigterm();
 *   assertEquals(0, node.waitForExit(Duration.ofSeconds(25)));
 * }
 * </pre>
 */
public final class SquallProcess implements AutoCloseable {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  /** The node's first line once its management server listens (platform/core ManagementServer); JSON logs too. */
  private static final Pattern MANAGEMENT = Pattern.compile("Squall node management listening on [^\\s\"]+:(\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "squall-process-reaper"));
  }

  private final Process process;
  private final Path log;
  /** Given on the command line, or -1 until read from the log. */
  private volatile int managementPort;
  private final long startedNanos;

  private SquallProcess(Process process, Path log, int managementPort, long startedNanos) {
    this.process = process;
    this.log = log;
    this.managementPort = managementPort;
    this.startedNanos = startedNanos;
  }

  /** {@code squall run ARGS...}; the management port is 0 (bound by the node, read from its log) unless the args name one. */
  public static Builder run(String... args) {
    return new Builder("run", args);
  }

  /**
   * {@code squall run DESCRIPTOR} as a member of a loopback cluster ({@code local.xml}, event bus on 127.0.0.1) named
   * {@code clusterName}, deploying {@code roles}; {@code extra} args follow.
   */
  public static Builder clusterMember(String descriptor, String clusterName, String roles, String... extra) {
    List<String> args = new ArrayList<>(List.of(descriptor, "--cluster", "--cluster-name", clusterName,
        "--cluster-host", "127.0.0.1", "--roles", roles));
    args.addAll(Arrays.asList(extra));
    return run(args.toArray(String[]::new));
  }

  /** Any squall command, e.g. {@code check app.yaml}; see {@link Builder#execute(Duration)} for one-shot commands. */
  public static Builder command(String command, String... args) {
    return new Builder(command, args);
  }

  /** The launcher's shaded jar: {@code -Dsquall.jar}, else {@code platform/launcher/target/squall.jar} under the root. */
  public static Path jar() {
    String explicit = System.getProperty("squall.jar");
    Path jar = explicit != null ? Path.of(explicit) : root().resolve("platform/launcher/target/squall.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("squall jar not found at " + jar + " (build it: mvn -pl platform/launcher -am package)");
    }
    return jar;
  }

  /** The project root: {@code -Dsquall.root}, else the nearest parent with the {@code squall} script. */
  public static Path root() {
    String explicit = System.getProperty("squall.root");
    if (explicit != null) {
      return Path.of(explicit).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("squall")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the Squall project root from " + Path.of("").toAbsolutePath());
  }

  /**
   * The management port: the one given, or the one the node bound, read from its log (waits for that line, up to
   * 60 s; fails with the log if the process exits first).
   */
  public int managementPort() {
    awaitCondition("the management port in the log of pid " + process.pid(), Duration.ofSeconds(60),
        () -> knownManagementPort() >= 0);
    return managementPort;
  }

  /** The management port if known by now, else -1; fails with the log once the process has exited without one. */
  private int knownManagementPort() {
    if (managementPort < 0) {
      OptionalInt logged = managementPortIn(log());
      if (logged.isPresent()) {
        managementPort = logged.getAsInt();
      } else if (!process.isAlive()) {
        throw new IllegalStateException("squall exited with " + process.exitValue()
            + " before its management server listened:\n" + log());
      }
    }
    return managementPort;
  }

  /**
   * The management port a node's log (text or JSON) says it bound, if it has said so yet: for nodes started some
   * other way than {@link #run} (the squall script, the container entrypoint) with {@code --management-port 0}.
   */
  public static OptionalInt managementPortIn(String log) {
    Matcher m = MANAGEMENT.matcher(log);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /**
   * The ports the node's servers bound, from {@code /info}: {@code "http.port"}, {@code "bridge.port"},
   * {@code "management.port"}, ... (see {@code Node.ports()}).
   */
  public Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    info().getJsonObject("ports").forEach(e -> ports.put(e.getKey(), ((Number) e.getValue()).intValue()));
    return ports;
  }

  /** The bound port of verticle {@code name}'s {@code port} key (after {@link #awaitReady()}). */
  public int port(String name) {
    Map<String, Integer> ports = ports();
    Integer port = ports.get(name + ".port");
    if (port == null) {
      throw new IllegalStateException("no port bound by '" + name + "' (bound: " + ports.keySet() + ")");
    }
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for {@code GET /health/ready} to answer 200; fails early, with the log, if the process dies. */
  public SquallProcess awaitReady() {
    return awaitReady(Duration.ofSeconds(60));
  }

  public SquallProcess awaitReady(Duration timeout) {
    awaitCondition("ready on the management port", timeout, () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("squall exited with " + process.exitValue() + " before it was ready:\n" + log());
      }
      return knownManagementPort() >= 0 && status("/health/ready") == 200;
    });
    return this;
  }

  /** Milliseconds since the process was started. */
  public long millisSinceStart() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** HTTP status of a GET on the management port, or -1 when nothing listens. */
  public int status(String path) {
    return get(path).map(HttpResponse::statusCode).orElse(-1);
  }

  public JsonObject info() {
    return get("/info").map(r -> new JsonObject(r.body()))
        .orElseThrow(() -> new IllegalStateException("no /info: management port " + managementPort() + " is closed"));
  }

  /** GET on the management port; empty when the connection is refused. */
  public java.util.Optional<HttpResponse<String>> get(String path) {
    return get(managementPort(), path);
  }

  /** GET on any port of this machine's loopback; empty when nothing answers. */
  public static java.util.Optional<HttpResponse<String>> get(int port, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).GET().build();
    try {
      return java.util.Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      // refused, reset, a stale keep-alive connection, a timeout: the port is not answering now
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM: the node drains and exits. */
  public void sigterm() {
    process.destroy();
  }

  /** SIGKILL: the node vanishes without a word, like a crashed machine. */
  public void sigkill() {
    process.destroyForcibly();
  }

  /** Waits for the exit code; fails if the process is still running after {@code timeout}. */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("squall (pid " + process.pid() + ") still running after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    LIVE.remove(process);
    return process.exitValue();
  }

  /** Everything the process printed so far (stdout and stderr). */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LIVE.remove(process);
  }

  /** Polls {@code condition} every 50 ms until it holds; fails with {@code what} after {@code timeout}. */
  public static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** What a one-shot command printed and how it ended. */
  public record Result(int exitCode, String output) {
  }

  /** How to start one squall process. */
  public static final class Builder {
    private final String command;
    private final List<String> args;
    private final Map<String, String> env = new LinkedHashMap<>();
    // exits on OutOfMemoryError as the squall script and the image make every node do
    private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:+ExitOnOutOfMemoryError"));
    private String name = "squall";

    private Builder(String command, String[] args) {
      this.command = command;
      this.args = new ArrayList<>(Arrays.asList(args));
    }

    /** Names the log file {@code target/squall-processes/NAME-PID.log}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Puts this module's test verticles ({@link EchoVerticle}, {@link ProbeVerticle}) on the node's classpath. */
    public Builder withTestVerticles() {
      try {
        args.add("--classpath");
        args.add(Path.of(EchoVerticle.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /** Starts the process without waiting for anything. */
    public SquallProcess start() {
      List<String> full = new ArrayList<>(args);
      int port = -1;
      if ("run".equals(command)) {
        int at = full.indexOf("--management-port");
        if (at >= 0 && !full.get(at + 1).equals("0")) {
          port = Integer.parseInt(full.get(at + 1));
        } else if (at < 0) {
          full.add("--management-port");
          full.add("0");
        }
      }
      try {
        Path dir = Files.createDirectories(Path.of("target", "squall-processes"));
        Path log = Files.createTempFile(dir, name + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(commandLine(full)).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SQUALL_"));
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process process = pb.start();
        LIVE.add(process);
        return new SquallProcess(process, log, port, started);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Runs a command that ends by itself (check, version, a failing run) and returns its exit code and output. */
    public Result execute(Duration timeout) {
      try (SquallProcess p = start()) {
        int code = p.waitForExit(timeout);
        return new Result(code, p.log());
      }
    }

    private List<String> commandLine(List<String> commandArgs) {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(jvmArgs);
      cmd.add("-jar");
      cmd.add(jar().toString());
      cmd.add(command);
      cmd.addAll(commandArgs);
      return cmd;
    }
  }
}
