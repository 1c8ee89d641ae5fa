package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app on 4 JVMs (2 edges, 2 backends) behind a real haproxy with health checks ({@link ChatBehindHaproxy}),
 * under a steady stream of posts and two SSE readers: an edge is SIGKILLed. No acknowledged message is lost, and the readers (whichever was
 * on the dead edge reconnects through haproxy with Last-Event-ID) have every acknowledged message within 5 s.
 */
class NodeLossIT {

  /** Readers run until the test ends; the load stops first so the readers can be checked against what it sent. */
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private ChatBehindHaproxy chat;
  private ChatLoad load;

  @TempDir
  Path dir;

  @AfterEach
  void cleanUp() throws Exception {
    if (load != null) {
      load.close();
    }
    running.set(false);
    for (Thread t : threads) {
      t.interrupt();
      t.join(5000);
    }
    if (chat != null) {
      chat.close();
    }
  }

  @Test
  void anEdgeKilledUnderLoadLosesNoAcknowledgedMessageAndItsReadersCatchUpWithinFiveSeconds() throws Exception {
    chat = new ChatBehindHaproxy(dir).node("backend1", "backend").node("backend2", "backend")
        .node("edge1", "edge").node("edge2", "edge").start();
    String base = chat.httpBase();
    ChatClient user = ChatClient.login(base);

    Set<Long> readerA = new ConcurrentSkipListSet<>();
    Set<Long> readerB = new ConcurrentSkipListSet<>();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger reconnects = new AtomicInteger();
    // one reader on each edge (first connected straight to it, as haproxy's round robin would if nothing else
    // interleaved: the load's posts did, and once put both readers on the survivor), so one of them is cut off;
    // every reconnect goes through haproxy
    start(() -> read(user.client().http(), chat.httpBaseOf(2), base, readerA, duplicates, reconnects));
    start(() -> read(user.client().http(), chat.httpBaseOf(3), base, readerB, duplicates, reconnects));
    load = new ChatLoad(user, "lobby");
    awaitCondition("load flows", Duration.ofSeconds(20),
        () -> load.acked().size() >= 40 && readerA.size() >= 20 && readerB.size() >= 20);

    chat.sigkill(2);
    long killed = System.nanoTime();
    List<Long> beforeKill = load.acked();
    awaitCondition("both readers have what was acknowledged before the kill", Duration.ofSeconds(5),
        () -> readerA.containsAll(beforeKill) && readerB.containsAll(beforeKill));
    long caughtUpMs = (System.nanoTime() - killed) / 1_000_000;
    awaitCondition("load flows again after the kill", Duration.ofSeconds(20),
        () -> load.acked().size() >= beforeKill.size() + 40);
    List<Long> all = load.stop();
    awaitCondition("both readers have every acknowledged message", Duration.ofSeconds(10),
        () -> readerA.containsAll(all) && readerB.containsAll(all));

    Set<Long> stored = user.allSeqs("lobby");
    System.out.printf("node loss: %d posts acknowledged, %d failed requests (in flight on the killed edge or sent there before "
        + "haproxy's health check took it out), %d reader reconnect(s), readers caught up %d ms after the kill; slowest "
        + "request: %s%n", all.size(), load.failures().size(), reconnects.get(), caughtUpMs, load.slowest());
    assertThat(load.slowest().millis()).as("the slowest request, not only the failure count").isLessThan(2000);
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

  /** An SSE reader that reconnects with Last-Event-ID, as a browser's EventSource does: first to {@code firstBase}. */
  private void read(HttpClient client, String firstBase, String base, Set<Long> seen, AtomicInteger duplicates,
      AtomicInteger reconnects) {
    long last = 0;
    for (boolean first = true; running.get(); first = false) {
      if (!first) {
        reconnects.incrementAndGet();
      }
      try {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create((first ? firstBase : base)
                + "/rooms/lobby/events"))
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
}
