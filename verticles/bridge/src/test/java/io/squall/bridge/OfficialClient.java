package io.squall.bridge;

import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The official npm event-bus client ({@code @vertx/eventbus-bridge-client.js} with {@code sockjs-client}) run by Node
 * from src/test/js, one script per process, reporting events as JSON lines ({@code {"event", "bridge", ...}}, the
 * bridge being the script's first or second connection). Without node or the installed packages the test is skipped
 * on a developer's machine and fails in CI ({@code SQUALL_CI} set), where .ci/run runs npm ci.
 */
final class OfficialClient implements AutoCloseable {

  static final Path SCRIPTS = Path.of("src/test/js");

  private final Process process;
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final StringBuilder errors = new StringBuilder();

  private OfficialClient(Process process) {
    this.process = process;
    pump(process.getInputStream(), line -> events.add(line.startsWith("{") ? new JsonObject(line)
        : new JsonObject().put("event", "output").put("text", line)));
    pump(process.getErrorStream(), line -> {
      synchronized (errors) {
        errors.append(line).append('\n');
      }
    });
  }

  private static void pump(InputStream stream, Consumer<String> lines) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.accept(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "official-client-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code node <script> <args...>} in src/test/js. */
  static OfficialClient run(String script, String... args) throws IOException {
    Path node = requireNode();
    List<String> command = new ArrayList<>(List.of(node.toString(), script));
    command.addAll(List.of(args));
    return new OfficialClient(new ProcessBuilder(command).directory(SCRIPTS.toFile()).start());
  }

  private static Path requireNode() {
    Path node = onPath("node");
    boolean installed = Files.isDirectory(SCRIPTS.resolve("node_modules/@vertx/eventbus-bridge-client.js"))
        && Files.isDirectory(SCRIPTS.resolve("node_modules/sockjs-client"));
    String missing = node == null ? "node on the PATH (Node 20)"
        : installed ? null : "the npm packages in " + SCRIPTS.toAbsolutePath() + " (npm ci there)";
    if (missing != null && System.getenv("SQUALL_CI") != null) {
      throw new AssertionError("this test needs " + missing + "; .ci/run installs them");
    }
    Assumptions.assumeTrue(missing == null, () -> "no " + missing);
    return node;
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Waits for the first {@code event} the script reported on its connection to {@code bridge} (1 or 2). */
  JsonObject await(int bridge, String event) {
    Predicate<JsonObject> wanted = is(bridge, event);
    try {
      SquallProcess.awaitCondition("bridge " + bridge + " " + event, Duration.ofSeconds(15),
          () -> events.stream().anyMatch(wanted));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the client reported " + events + stderr(), e);
    }
    return events.stream().filter(wanted).findFirst().orElseThrow();
  }

  boolean saw(int bridge, String event) {
    return events.stream().anyMatch(is(bridge, event));
  }

  private static Predicate<JsonObject> is(int bridge, String event) {
    return e -> e.getInteger("bridge", 0) == bridge && event.equals(e.getString("event"));
  }

  /** Every event so far, in order. */
  List<JsonObject> events() {
    return List.copyOf(events);
  }

  private String stderr() {
    synchronized (errors) {
      return errors.length() == 0 ? "" : "; stderr: " + errors;
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
