package io.squall.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A share of the subscribers: in the load client's own JVM ({@link Local}) or in a child JVM it started
 * ({@link Child}), so that no process holds more than --per-process sockets. A child runs the same class with
 * --child, prints its status as one JSON line every 250 ms, and on the line REPORT from its stdin prints its latency
 * histogram (HdrHistogram, compressed, base64) and exits; it also exits when its stdin closes, so it never outlives
 * the load client.
 */
interface WsGroup {

  /** connected, failed, probed, closed, received, duplicates, err_frames, last_receive_us, probe_quiet_ms, ... */
  JsonObject status();

  /** The latency histogram (microseconds) of every measured message; ends a child. */
  Histogram finish() throws Exception;

  /** PIDs whose CPU counts as the load client's (a child's JVM). */
  List<Long> pids();

  final class Local implements WsGroup {
    private final WsSubscribers subs;

    Local(WsSubscribers subs) {
      this.subs = subs;
    }

    @Override
    public JsonObject status() {
      return subs.status();
    }

    @Override
    public Histogram finish() {
      return subs.latencySnapshot();
    }

    @Override
    public List<Long> pids() {
      return List.of();
    }
  }

  final class Child implements WsGroup {
    private final Process process;
    private final PrintStream in;
    private volatile JsonObject status = new JsonObject();
    private final CompletableFuture<String> histogram = new CompletableFuture<>();

    Child(List<String> childArgs) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(WsLoadClient.class.getName());
      cmd.addAll(childArgs);
      process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "child-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("STATUS ")) {
            status = new JsonObject(line.substring(7));
          } else if (line.startsWith("HISTOGRAM ")) {
            histogram.complete(line.substring(10));
          }
        }
      } catch (IOException | RuntimeException e) {
        histogram.completeExceptionally(e);
      }
      histogram.completeExceptionally(new IOException("child " + process.pid() + " exited before reporting"));
    }

    @Override
    public JsonObject status() {
      return status;
    }

    @Override
    public Histogram finish() throws Exception {
      in.println("REPORT");
      String encoded = histogram.get(30, TimeUnit.SECONDS);
      process.waitFor(10, TimeUnit.SECONDS);
      return decode(encoded);
    }

    @Override
    public List<Long> pids() {
      return List.of(process.pid());
    }
  }

  static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
  }

  static Histogram decode(String base64) throws Exception {
    return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
  }
}
