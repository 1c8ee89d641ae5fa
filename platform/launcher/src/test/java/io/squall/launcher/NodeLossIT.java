package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.Ports;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app on 4 JVMs (2 edges, 2 backends) behind a real haproxy with health checks, under a steady stream of
 * posts and two SSE readers: an edge is SIGKILLed. No acknowledged message is lost, and the readers (whichever was
 * on the dead edge reconnects through haproxy with Last-Event-ID) have every acknowledged message within 5 s.
 */
class NodeLossIT {

  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
  private static final Pattern XSRF = Pattern.compile("name=\"_xsrf\" value=\"([^\"]+)\"");

  private final List<SquallProcess> processes = new ArrayList<>();
  private Process haproxy;
  /** Readers run until the test ends; the poster stops first so the readers can be checked against what it sent. */
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean posting = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void cleanUp() throws Exception {
    running.set(false);
    for (Thread t : threads) {
      t.interrupt();
      t.join(5000);
    }
    if (haproxy != null) {
      haproxy.destroyForcibly().waitFor();
    }
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, Path app, String cluster, String roles, Path cookie, Path jwt, String... extra) {
    SquallProcess p = SquallProcess.clusterMember(app.toString(), cluster, roles, extra)
        .env("SQUALL_HTTP_COOKIE_SECRET_FILE", cookie.toString())
        .env("SQUALL_AUTH_KEYS", "[{kid: k1, secretFile: " + jwt + "}]").name(name).start();
    processes.add(p);
    return p;
  }

  @Test
  void anEdgeKilledUnderLoadLosesNoAcknowledgedMessageAndItsReadersCatchUpWithinFiveSeconds() throws Exception {
    Chrome.requireTool(HAPROXY, "haproxy", "apt-get install -y haproxy");
    Path app = dir.resolve("chat.yaml");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("squall/chat/chat.yaml")) {
      Files.write(app, in.readAllBytes());
    }
    Path cookie = Files.writeString(dir.resolve("cookie"), "1=node-loss-test-cookie-secret-0123456789abcdef\n");
    Path jwt = Files.writeString(dir.resolve("jwt"), "node-loss-test-jwt-secret-0123456789abcdef");
    String cluster = "squall-loss-it-" + UUID.randomUUID();
    int http1 = Ports.free();
    int http2 = Ports.free();
    SquallProcess backend1 = node("backend1", app, cluster, "backend", cookie, jwt);
    SquallProcess backend2 = node("backend2", app, cluster, "backend", cookie, jwt);
    SquallProcess edge1 = node("edge1", app, cluster, "edge", cookie, jwt, "--http-port", String.valueOf(http1),
        "--bridge-port", String.valueOf(Ports.free()));
    SquallProcess edge2 = node("edge2", app, cluster, "edge", cookie, jwt, "--http-port", String.valueOf(http2),
        "--bridge-port", String.valueOf(Ports.free()));
    for (SquallProcess p : List.of(backend1, backend2, edge1, edge2)) {
      p.awaitReady(Duration.ofSeconds(90));
    }
    awaitCondition("four members", Duration.ofSeconds(60), () -> edge2.info().getInteger("members") == 4);

    int front = Ports.free();
    Path config = Files.writeString(dir.resolve("haproxy.cfg"), String.join("\n",
        "global", "  maxconn 1000",
        "defaults", "  mode http", "  timeout connect 1s", "  timeout client 60s", "  timeout server 60s",
        "  option redispatch", "  retries 3",
        "frontend web", "  bind 127.0.0.1:" + front, "  default_backend edges",
        "backend edges", "  balance roundrobin", "  option httpchk GET /health/ready",
        "  default-server inter 300ms fall 2 rise 2",
        "  server e1 127.0.0.1:" + http1 + " check port " + edge1.managementPort(),
        "  server e2 127.0.0.1:" + http2 + " check port " + edge2.managementPort(), ""));
    haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://127.0.0.1:" + front;
    awaitCondition("haproxy serves the login page", Duration.ofSeconds(20), () -> status(client, base + "/login") == 200);
    String token = login(client, base);

    List<Long> acked = new CopyOnWriteArrayList<>();
    AtomicInteger failedPosts = new AtomicInteger();
    Set<Long> readerA = new ConcurrentSkipListSet<>();
    Set<Long> readerB = new ConcurrentSkipListSet<>();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger reconnects = new AtomicInteger();
    // haproxy balances request by request: the two readers land on different edges, so one of them is cut off
    start(() -> read(client, base, readerA, duplicates, reconnects));
    start(() -> read(client, base, readerB, duplicates, reconnects));
    start(() -> {
      for (int i = 0; posting.get() && running.get(); i++) {
        try {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/rooms/lobby/messages"))
              .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", "load " + i).encode())).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            acked.add(new JsonObject(r.body()).getLong("seq"));
          } else {
            failedPosts.incrementAndGet();
          }
          Thread.sleep(25); // the load's pace (about 40 posts a second), not a wait for anything
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          failedPosts.incrementAndGet();
        }
      }
    });
    awaitCondition("load flows", Duration.ofSeconds(20), () -> acked.size() >= 40 && readerA.size() >= 20 && readerB.size() >= 20);

    edge1.sigkill();
    long killed = System.nanoTime();
    int ackedAtKill = acked.size();
    List<Long> beforeKill = new ArrayList<>(acked.subList(0, ackedAtKill));
    awaitCondition("both readers have what was acknowledged before the kill", Duration.ofSeconds(5),
        () -> readerA.containsAll(beforeKill) && readerB.containsAll(beforeKill));
    long caughtUpMs = (System.nanoTime() - killed) / 1_000_000;
    awaitCondition("load flows again after the kill", Duration.ofSeconds(20), () -> acked.size() >= ackedAtKill + 40);
    posting.set(false);
    // the poster may be inside one last request: wait for it to end before taking the list
    threads.get(2).join(15_000);
    List<Long> all = new ArrayList<>(acked);
    awaitCondition("both readers have every acknowledged message", Duration.ofSeconds(10),
        () -> readerA.containsAll(all) && readerB.containsAll(all));

    Set<Long> stored = history(client, base);
    System.out.printf("node loss: %d posts acknowledged, %d failed (in flight on the killed edge or sent there before "
        + "haproxy's health check took it out), %d reader reconnect(s), readers caught up %d ms after the kill%n",
        all.size(), failedPosts.get(), reconnects.get(), caughtUpMs);
    assertThat(reconnects.get()).as("a reader was on the killed edge and came back through the other").isPositive();
    assertThat(stored).as("every acknowledged message is in the history").containsAll(all);
    assertThat(duplicates.get()).as("no reader got a message twice").isZero();
  }

  private void start(Runnable body) {
    Thread t = new Thread(body, "node-loss-client");
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /** An SSE reader that reconnects with Last-Event-ID, as a browser's EventSource does. */
  private void read(HttpClient client, String base, Set<Long> seen, AtomicInteger duplicates, AtomicInteger reconnects) {
    long last = 0;
    for (boolean first = true; running.get(); first = false) {
      if (!first) {
        reconnects.incrementAndGet();
      }
      try {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/rooms/lobby/events"))
            .header("Last-Event-ID", Long.toString(last)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null && running.get(); line = lines.readLine()) {
            if (line.startsWith("id: ")) {
              last = Long.parseLong(line.substring(4).trim());
              if (!seen.add(last)) {
                duplicates.incrementAndGet();
              }
            }
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // the edge went away: reconnect at once (haproxy sends us to a live one)
      }
    }
  }

  private static String login(HttpClient client, String base) throws Exception {
    String page = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = XSRF.matcher(page);
    assertThat(m.find()).isTrue();
    String form = "_xsrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)
        + "&username=alice&password=alice-secret&next=/";
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(303);
    return new JsonObject(client.send(HttpRequest.newBuilder(URI.create(base + "/auth/token")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).getString("token");
  }

  private static Set<Long> history(HttpClient client, String base) throws Exception {
    Set<Long> seqs = new java.util.TreeSet<>();
    long since = 0;
    while (true) {
      JsonArray page = new JsonObject(client.send(HttpRequest.newBuilder(URI.create(
          base + "/rooms/lobby/messages?since=" + since)).build(), HttpResponse.BodyHandlers.ofString()).body())
          .getJsonArray("messages");
      if (page.isEmpty()) {
        return seqs;
      }
      for (Object m : page) {
        since = ((JsonObject) m).getLong("seq");
        seqs.add(since);
      }
    }
  }

  private static int status(HttpClient client, String url) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
