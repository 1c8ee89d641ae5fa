package io.squall.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The load client of bench/run ws-fanout, ws-idle and cluster, one program for every contender (they all speak the
 * bridge's frames: register, then rec frames with the publisher's body).
 *
 * <pre>
 * java -cp squall.jar:squall-bench.jar io.squall.bench.WsLoadClient --url ws://127.0.0.1:P/eventbus/websocket
 *      --subscribers N [--mode fanout|idle] [--rate 10] [--duration 10] [--payload 200] [--address bench.fanout]
 *      [--per-process 10000] [--per-source 2000] [--first-source 2] [--concurrency 200] [--drain 20]
 *      [--server-pid PID[,PID..]] [--held-urls URL[,URL..]] [--warmup 1] [--hold 600] [--event-loops CPUS]
 * </pre>
 *
 * A cluster: --url lists every node's URL, comma-separated (they may differ only in the port); subscriber i connects
 * to the (i mod nodes)-th, the publisher to the first. --server-pid then lists every node's PID, and --held-urls
 * their /metrics, read after the drain for the nodes' own count of open bridge sockets.
 *
 * <ol>
 *   <li>Connects the publisher (one Vert.x WebSocket, from address number --first-source: 2 is 127.0.0.2), then N
 *       subscribers from the following 127.0.0.x addresses (--per-source sockets per address), at most
 *       --per-process in this JVM; the rest in child JVMs it starts with the same JVM options. Each subscriber sends
 *       {@code register} once upgraded, and {@code ping} every 20 s (so does the publisher).</li>
 *   <li>Sends probes (seq < 0) every 500 ms until every subscriber has received one: the registrations are then in
 *       place whether or not the server acknowledges them. Waits until no probe has arrived for 500 ms, so that the
 *       measurement starts on an idle server.</li>
 *   <li>idle: prints {@code READY <json>} and holds the sockets (--hold seconds at most, or until killed).<br>
 *       fanout: --warmup seconds of unmeasured broadcasts (negative seq) and their drain, then --rate broadcasts a
 *       second for --duration seconds, each body {@code {"t":<epoch micros>,
 *       "seq":n,"pad":"x.."}} of --payload bytes, then waits until every subscriber has every message, nothing
 *       arrived for 3 s, or --drain seconds passed since the last broadcast. Prints {@code RESULT <json>}: received,
 *       lost (broadcasts x subscribers - received), p50/p99 latency, delivered msgs/s (received / (last receive -
 *       first send + one interval)), the subscribers connected and still open per server, and the CPU of the
 *       server (--server-pid and descendants), of the client and of the whole machine over that window.</li>
 * </ol>
 * Progress goes to stderr. Exit status 3 when a contender answered frames of another shape.
 */
public final class WsLoadClient {

  /**
   * The load client's options. {@code ports}: every server to connect subscribers to (--url may list several URLs,
   * comma-separated, that differ only in the port: the nodes of a cluster); subscriber i goes to ports[i % size],
   * the publisher to the first. {@code serverPids}: the processes whose CPU counts as the server's (each with its
   * descendants). {@code heldUrls}: Prometheus endpoints (a Squall node's /metrics) read once the broadcasts have
   * drained, for the server's own count of open bridge sockets.
   */
  record Config(String host, List<Integer> ports, String path, String urls, String mode, String address,
                int subscribers, int perProcess, int perSource, int firstSource, int concurrency, int rate,
                int duration, int payload, int drain, List<Long> serverPids, List<String> heldUrls, int hold,
                int eventLoops, int warmup, double clkTck) {

    static Config parse(String[] args) {
      Map<String, String> a = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("unexpected argument " + args[i]);
        }
        if (args[i].equals("--child")) {
          a.put("mode", "child");
        } else {
          a.put(args[i].substring(2), args[++i]);
        }
      }
      String urls = a.getOrDefault("url", "ws://127.0.0.1:18181/eventbus/websocket");
      URI first = null;
      List<Integer> ports = new ArrayList<>();
      for (String u : urls.split(",")) {
        URI url = URI.create(u.trim());
        if (first == null) {
          first = url;
        } else if (!url.getHost().equals(first.getHost()) || !url.getRawPath().equals(first.getRawPath())) {
          throw new IllegalArgumentException("--url: the URLs may differ only in the port: " + urls);
        }
        ports.add(url.getPort());
      }
      return new Config(first.getHost(), List.copyOf(ports), first.getRawPath(), urls,
          a.getOrDefault("mode", "fanout"),
          a.getOrDefault("address", "bench.fanout"), Integer.parseInt(a.getOrDefault("subscribers", "1000")),
          Integer.parseInt(a.getOrDefault("per-process", "10000")),
          Integer.parseInt(a.getOrDefault("per-source", "2000")),
          Integer.parseInt(a.getOrDefault("first-source", "2")),
          Integer.parseInt(a.getOrDefault("concurrency", "200")), Integer.parseInt(a.getOrDefault("rate", "10")),
          Integer.parseInt(a.getOrDefault("duration", "10")), Integer.parseInt(a.getOrDefault("payload", "200")),
          Integer.parseInt(a.getOrDefault("drain", "20")), list(a.get("server-pid")).stream().map(Long::parseLong)
              .filter(pid -> pid > 0).toList(), list(a.get("held-urls")),
          Integer.parseInt(a.getOrDefault("hold", "600")), Integer.parseInt(a.getOrDefault("event-loops", "0")),
          Integer.parseInt(a.getOrDefault("warmup", "1")),
          Double.parseDouble(System.getenv().getOrDefault("BENCH_CLK_TCK", "100")));
    }

    private static List<String> list(String commaSeparated) {
      return commaSeparated == null || commaSeparated.isBlank() ? List.of()
          : List.of(commaSeparated.trim().split("\\s*,\\s*"));
    }

    /** The publisher's server (the first URL's port). */
    int port() {
      return ports.get(0);
    }

    List<String> childArgs(int count, int firstSource) {
      return List.of("--child", "--url", urls, "--address", address,
          "--subscribers", String.valueOf(count), "--per-source", String.valueOf(perSource),
          "--first-source", String.valueOf(firstSource), "--concurrency", String.valueOf(concurrency),
          "--payload", String.valueOf(payload), "--event-loops", String.valueOf(eventLoops));
    }
  }

  private WsLoadClient() {
  }

  /** Address number n as 127.a.b.c (n = a*65536 + b*256 + c), skipping .0 and .255 last octets. */
  static List<String> sourceAddresses(int first, int count) {
    List<String> out = new ArrayList<>();
    for (int n = first; out.size() < count; n++) {
      int c = n & 255;
      if (c == 0 || c == 255) {
        continue;
      }
      out.add("127." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + c);
    }
    return out;
  }

  /** How many address numbers sourceAddresses(first, count) spans (for the next group's --first-source). */
  static int span(int first, int count) {
    List<String> a = sourceAddresses(first, count);
    String[] last = a.get(a.size() - 1).split("\\.");
    return (Integer.parseInt(last[1]) << 16) + (Integer.parseInt(last[2]) << 8) + Integer.parseInt(last[3]) + 1
        - first;
  }

  static void log(String msg) {
    System.err.printf("%tT load-client: %s%n", System.currentTimeMillis(), msg);
  }

  public static void main(String[] args) throws Exception {
    Config cfg = Config.parse(args);
    int code;
    try {
      code = cfg.mode().equals("child") ? child(cfg) : driver(cfg);
    } catch (Exception e) {
      e.printStackTrace();
      code = 1;
    }
    System.out.flush();
    Runtime.getRuntime().halt(code); // no orderly close of thousands of sockets: the kernel closes them at once
  }

  // --- a child: subscribers only ------------------------------------------------------------------------------------
  private static int child(Config cfg) throws Exception {
    WsSubscribers subs = new WsSubscribers(cfg, cfg.subscribers(), cfg.firstSource());
    subs.connect();
    Thread status = new Thread(() -> {
      try {
        while (true) {
          System.out.println("STATUS " + subs.status().encode());
          Thread.sleep(250);
        }
      } catch (InterruptedException e) {
        // done
      }
    }, "status");
    status.setDaemon(true);
    status.start();
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      if (line.equals("REPORT")) {
        System.out.println("STATUS " + subs.status().encode());
        System.out.println("HISTOGRAM " + WsGroup.encode(subs.latencySnapshot()));
        return 0;
      }
    }
    return 0; // the load client is gone
  }

  // --- the driver: its own share of subscribers, the children, the publisher ----------------------------------------
  private static int driver(Config cfg) throws Exception {
    long started = System.nanoTime();
    // Vert.x only for the publisher's one socket; the subscribers are WsSubscribers' NIO loops
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    int source = cfg.firstSource();

    // the publisher first, from the first source address, while the server is idle
    String publisherSource = sourceAddresses(source, 1).get(0);
    source += span(source, 1);
    WebSocket publisher = null;
    for (int attempt = 1; publisher == null; attempt++) {
      try {
        publisher = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(publisherSource))
            .connect(new WebSocketConnectOptions().setHost(cfg.host()).setPort(cfg.port()).setURI(cfg.path()))
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        log("publisher connect from " + publisherSource + " failed (attempt " + attempt + "): " + e);
        if (attempt == 5) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
    WebSocket pub = publisher;
    vertx.setPeriodic(20_000, id -> pub.writeTextMessage(WsFrames.PING));
    AtomicReference<String> publisherError = new AtomicReference<>();

    // the subscribers: up to --per-process here, the rest in child JVMs
    int n = cfg.subscribers();
    List<WsGroup> groups = new ArrayList<>();
    int localCount = Math.min(n, cfg.perProcess());
    WsSubscribers local = new WsSubscribers(cfg, localCount, source);
    source += localCount == 0 ? 0 : span(source, local.sources().size());
    groups.add(new WsGroup.Local(local));
    for (int rest = n - localCount; rest > 0; rest -= cfg.perProcess()) {
      int count = Math.min(rest, cfg.perProcess());
      groups.add(new WsGroup.Child(cfg.childArgs(count, source)));
      source += span(source, (count + cfg.perSource() - 1) / cfg.perSource());
    }
    log(String.format("connecting %d subscribers to ws://%s:%s%s from %s.. (%d per address, %d process(es)); "
            + "publisher from %s", n, cfg.host(), cfg.ports(), cfg.path(),
        local.sources().isEmpty() ? "-" : local.sources().get(0), cfg.perSource(), groups.size(), publisherSource));
    local.connect();

    // 1. every subscriber connected (or failed)
    JsonObject st = waitFor(groups, s -> s.getInteger("connected") + s.getInteger("failed") >= n, 300, "connect");
    double connectS = (System.nanoTime() - started) / 1e9;
    log(String.format("%d connected, %d failed in %.1f s", st.getInteger("connected"), st.getInteger("failed"),
        connectS));
    int connected = st.getInteger("connected");

    // 2. probes until every connected subscriber got one (registrations are in place)
    publisher.textMessageHandler(t -> publisherError.compareAndSet(null, "publisher got: " + WsFrames.abbreviate(t)));
    long probeStart = System.nanoTime();
    long probeSeq = -1;
    while (true) {
      publisher.writeTextMessage(WsFrames.publish(cfg.address(), WsFrames.body(WsFrames.nowMicros(), probeSeq--,
          cfg.payload())));
      st = waitFor(groups, s -> s.getInteger("probed") >= connected, 0.5, null);
      if (st.getInteger("probed") >= connected || System.nanoTime() - probeStart > 120e9) {
        break;
      }
    }
    double probeS = (System.nanoTime() - probeStart) / 1e9;
    log(String.format("probe reached %d of %d subscribers in %.1f s", st.getInteger("probed"), connected, probeS));
    st = waitFor(groups, s -> s.getLong("probe_quiet_ms") >= 500, 30, null);
    if (st.getString("protocol_problem") != null) {
      System.out.println("RESULT " + new JsonObject().put("error", "unexpected frame: "
          + st.getString("protocol_problem")).encode());
      return 3;
    }
    JsonObject base = new JsonObject().put("subscribers", n).put("connected", connected)
        .put("failed", st.getInteger("failed")).put("probed", st.getInteger("probed"))
        .put("connect_s", round(connectS, 2)).put("probe_s", round(probeS, 2))
        .put("connected_by_server", st.getJsonArray("connected_by_server"))
        .put("processes", groups.size()).put("sources", (n + cfg.perSource() - 1) / cfg.perSource())
        .put("first_error", st.getString("first_error")).put("publisher_error", publisherError.get());

    if (cfg.mode().equals("idle")) {
      System.out.println("READY " + base.encode());
      System.out.flush();
      Thread.sleep(cfg.hold() * 1000L);
      return 0;
    }
    warmUp(cfg, groups, publisher);
    return fanout(cfg, groups, publisher, base, publisherError);
  }

  /**
   * --warmup seconds of broadcasts at the measured rate, with negative seqs (counted like probes, not measured): the
   * client's JVM is new in every run, and its receive path should be compiled before anything is timed. Then waits
   * until they have all arrived (nothing for 500 ms, at most 60 s), so the measurement starts on an idle server.
   */
  private static void warmUp(Config cfg, List<WsGroup> groups, WebSocket publisher) throws InterruptedException {
    int count = cfg.rate() * cfg.warmup();
    if (count == 0) {
      return;
    }
    long period = 1_000_000_000L / cfg.rate();
    long start = System.nanoTime();
    for (int k = 0; k < count; k++) {
      long wait = start + k * period - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      publisher.writeTextMessage(WsFrames.publish(cfg.address(), WsFrames.body(WsFrames.nowMicros(),
          -1_000_000L - k, cfg.payload())));
    }
    Thread.sleep(100);
    waitFor(groups, s -> s.getLong("probe_quiet_ms") >= 500, 60, "warm-up drain");
    log(String.format("warm-up: %d broadcasts, all arrived %.1f s after the first", count,
        (System.nanoTime() - start) / 1e9));
  }

  private static int fanout(Config cfg, List<WsGroup> groups, WebSocket publisher, JsonObject base,
                            AtomicReference<String> publisherError) throws Exception {
    int broadcasts = cfg.rate() * cfg.duration();
    long expected = (long) broadcasts * cfg.subscribers();
    long expectedConnected = (long) broadcasts * base.getInteger("connected");
    List<Long> clientPids = new ArrayList<>(List.of(ProcessHandle.current().pid()));
    groups.forEach(g -> clientPids.addAll(g.pids()));
    List<Long> serverPids = new ArrayList<>();
    cfg.serverPids().forEach(pid -> serverPids.addAll(ProcCpu.tree(pid)));
    long server0 = ProcCpu.ticks(serverPids);
    long client0 = ProcCpu.ticks(clientPids);
    double machine0 = PebbleBench.machineBusySeconds(cfg.clkTck());
    long wall0 = System.nanoTime();

    long period = 1_000_000_000L / cfg.rate();
    long maxLagNanos = 0;
    long firstSend = 0;
    for (int k = 0; k < broadcasts; k++) {
      long due = wall0 + k * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
      long t = WsFrames.nowMicros();
      if (k == 0) {
        firstSend = t;
      }
      publisher.writeTextMessage(WsFrames.publish(cfg.address(), WsFrames.body(t, k, cfg.payload())));
    }
    long lastSend = System.nanoTime();
    log(String.format("%d broadcasts sent in %.1f s (latest %.1f ms behind schedule); draining", broadcasts,
        (lastSend - wall0) / 1e9, maxLagNanos / 1e6));

    // drain: everything arrived, or nothing for 3 s, or --drain seconds since the last broadcast
    long lastCount = -1;
    long lastChange = System.nanoTime();
    JsonObject st;
    while (true) {
      st = total(groups);
      long received = st.getLong("received");
      long now = System.nanoTime();
      if (received != lastCount) {
        lastCount = received;
        lastChange = now;
      }
      if (received >= expectedConnected || now - lastChange > 3e9 || now - lastSend > cfg.drain() * 1e9) {
        break;
      }
      Thread.sleep(100);
    }
    long wall1 = System.nanoTime();
    double wall = (wall1 - wall0) / 1e9;
    double serverS = (ProcCpu.ticks(serverPids) - server0) / cfg.clkTck();
    double clientS = (ProcCpu.ticks(clientPids) - client0) / cfg.clkTck();
    double machineS = PebbleBench.machineBusySeconds(cfg.clkTck()) - machine0;

    // the servers' count while every subscriber is still connected: finishing a child group ends its JVM, and the
    // kernel closes its sockets
    JsonArray heldByServer = heldByServer(cfg);
    Histogram latency = new Histogram(WsSubscribers.HIGHEST_MICROS, 3);
    for (WsGroup g : groups) {
      latency.add(g.finish());
    }
    st = total(groups);
    long received = st.getLong("received");
    long duplicates = st.getLong("duplicates");
    long lastReceive = st.getLong("last_receive_us");
    double spanS = received == 0 ? 0 : (lastReceive - firstSend) / 1e6 + 1.0 / cfg.rate();
    JsonObject result = base.copy()
        .put("broadcasts", broadcasts).put("rate", cfg.rate()).put("payload", cfg.payload())
        .put("expected", expected).put("received", received).put("duplicates", duplicates)
        .put("lost", Math.max(0, expected - (received - duplicates)))
        .put("err_frames", st.getLong("err_frames")).put("closed", st.getInteger("closed"))
        .put("held", base.getInteger("connected") - st.getInteger("closed"))
        .put("closed_by_server", st.getJsonArray("closed_by_server"))
        .put("held_by_server_metrics", heldByServer)
        .put("delivered_per_s", spanS > 0 ? Math.round(received / spanS) : 0)
        .put("offered_per_s", (long) cfg.rate() * cfg.subscribers())
        .put("p50_ms", ms(latency, 50)).put("p99_ms", ms(latency, 99)).put("p999_ms", ms(latency, 99.9))
        .put("max_ms", round(latency.getMaxValue() / 1000.0, 2))
        .put("send_lag_max_ms", round(maxLagNanos / 1e6, 2))
        .put("drain_s", round((wall1 - lastSend) / 1e9, 2)).put("wall_s", round(wall, 3))
        .put("server_cpu_s", round(serverS, 3)).put("client_cpu_s", round(clientS, 3))
        .put("machine_busy_s", round(machineS, 3))
        .put("first_error", st.getString("first_error")).put("publisher_error", publisherError.get());
    System.out.println("RESULT " + result.encode());
    log(String.format("received %d of %d (lost %d), %d msgs/s, p50 %.2f ms, p99 %.2f ms", received, expected,
        result.getLong("lost"), result.getLong("delivered_per_s"), result.getDouble("p50_ms"),
        result.getDouble("p99_ms")));
    return 0;
  }

  /**
   * The servers' own count of open bridge sockets, {@code squall_bridge_sockets} from each --held-urls endpoint
   * (Prometheus text); null for an endpoint that did not answer or has no such gauge.
   */
  static JsonArray heldByServer(Config cfg) {
    JsonArray out = new JsonArray();
    if (cfg.heldUrls().isEmpty()) {
      return out;
    }
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    for (String url : cfg.heldUrls()) {
      Long held = null;
      try {
        String text = http.send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                .timeout(java.time.Duration.ofSeconds(10)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
          if (line.startsWith("squall_bridge_sockets")) {
            held = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
      } catch (java.io.IOException | RuntimeException e) {
        log("reading " + url + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.add(held);
    }
    return out;
  }

  /** Sums the groups' counters; first errors and problems from whichever group has one. */
  static JsonObject total(List<WsGroup> groups) {
    JsonObject t = new JsonObject().put("connected", 0).put("failed", 0).put("probed", 0).put("closed", 0)
        .put("received", 0L).put("duplicates", 0L).put("err_frames", 0L).put("last_receive_us", 0L)
        .put("probe_quiet_ms", Long.MAX_VALUE);
    int servers = -1;
    long[] connectedBy = null;
    long[] closedBy = null;
    for (WsGroup g : groups) {
      JsonObject s = g.status();
      if (s.isEmpty()) { // a child that has not reported yet
        return t.put("connected", 0).put("failed", 0).put("probed", 0).put("probe_quiet_ms", -1L);
      }
      for (String k : List.of("connected", "failed", "probed", "closed")) {
        t.put(k, t.getInteger(k) + s.getInteger(k));
      }
      for (String k : List.of("received", "duplicates", "err_frames")) {
        t.put(k, t.getLong(k) + s.getLong(k));
      }
      t.put("last_receive_us", Math.max(t.getLong("last_receive_us"), s.getLong("last_receive_us")));
      JsonArray by = s.getJsonArray("connected_by_server");
      JsonArray closedHere = s.getJsonArray("closed_by_server");
      if (servers < 0) {
        servers = by.size();
        connectedBy = new long[servers];
        closedBy = new long[servers];
      }
      for (int i = 0; i < servers; i++) {
        connectedBy[i] += by.getLong(i);
        closedBy[i] += closedHere.getLong(i);
      }
      long quiet = s.getLong("probe_quiet_ms");
      t.put("probe_quiet_ms", quiet < 0 ? -1L : Math.min(t.getLong("probe_quiet_ms"), quiet));
      for (String k : List.of("first_error", "protocol_problem")) {
        if (t.getString(k) == null && s.getString(k) != null) {
          t.put(k, s.getString(k));
        }
      }
    }
    if (servers >= 0) {
      t.put("connected_by_server", new JsonArray(java.util.Arrays.stream(connectedBy).boxed().toList()));
      t.put("closed_by_server", new JsonArray(java.util.Arrays.stream(closedBy).boxed().toList()));
    }
    return t;
  }

  private static JsonObject waitFor(List<WsGroup> groups, java.util.function.Predicate<JsonObject> done,
                                    double timeoutS, String what) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
    JsonObject st = total(groups);
    while (!done.test(st) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      st = total(groups);
    }
    if (what != null && !done.test(st)) {
      log(what + ": gave up after " + timeoutS + " s: " + st.encode());
    }
    return st;
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0, 2);
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
