package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.BridgeClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app on one node under mixed HTTP and bridge load at about half its measured capacity, for a bounded time:
 * the live heap after a full GC stays within 10% of where it was after warm-up, open file descriptors do not grow,
 * and no request or frame gets an error. {@code -Dsquall.soak.seconds=600} (the default is 180, to keep the suite
 * short) runs it longer. Its users post far faster than the post route's rate limit lets a person: it is lifted.
 */
class SoakIT {

  private static final long SECONDS = Long.getLong("squall.soak.seconds", 180);
  private static final Duration CALIBRATION = Duration.ofSeconds(10);
  private static final Duration WARM_UP = Duration.ofSeconds(Math.min(60, SECONDS / 3));
  private static final int USERS = 4;
  /** Client threads per user: enough concurrency for the closed-loop phase to find the node's capacity. */
  private static final int THREADS_PER_USER = 4;
  private static final int SUBSCRIBERS = 20;
  private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\".*} (\\S+)$");

  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  /** Posts acknowledged during the run (HTTP and bridge): what each subscriber must have heard. */
  private final AtomicLong posted = new AtomicLong();
  private final List<ResumingSubscriber> subscribers = new ArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private SquallProcess node;

  @AfterEach
  void cleanUp() throws Exception {
    stopWorkers();
    for (ResumingSubscriber s : subscribers) {
      s.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  // over the suite's 3-minute default: 180 s of load plus calibration, warm-up and GCs (a soak of more than about 25
  // minutes, -Dsquall.soak.seconds, needs more)
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void halfCapacityMixedLoadKeepsHeapAndDescriptorsFlatWithoutErrors(@TempDir Path dir) throws Exception {
    node = SquallProcess.run(ChatDescriptor.withoutPostLimit(dir).toString(), "--http-port", "0", "--bridge-port", "0")
        .name("soak").start().awaitReady(Duration.ofSeconds(90));
    int http = node.port("http");
    int bridge = node.port("bridge");
    String base = "http://127.0.0.1:" + http;
    List<ChatClient> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      users.add(ChatClient.login(base));
    }
    URI bus = URI.create("ws://127.0.0.1:" + bridge + "/eventbus/websocket?token=" + users.get(0).token());
    for (int i = 0; i < SUBSCRIBERS; i++) {
      subscribers.add(new ResumingSubscriber(bus, "channel.room.lobby"));
    }

    // capacity: the same mix, closed loop (each user as fast as answers come), for a few seconds
    long before = requests.get();
    users.forEach(u -> startUser(u, 0));
    startBridgePoster(bus, 0);
    LockSupport.parkNanos(CALIBRATION.toNanos()); // the length of the measurement, not a wait for anything
    double capacity = (requests.get() - before) / (double) CALIBRATION.toSeconds();
    stopWorkers();
    running.set(true);
    double rate = capacity / 2;
    long intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) * (USERS * THREADS_PER_USER + 1) / rate);
    users.forEach(u -> startUser(u, intervalNanos));
    startBridgePoster(bus, intervalNanos);

    long started = System.nanoTime();
    long requestsAtStart = requests.get();
    LockSupport.parkNanos(WARM_UP.toNanos()); // load runs meanwhile
    Sample baseline = sample();
    List<Sample> samples = new ArrayList<>(List.of(baseline));
    long end = started + TimeUnit.SECONDS.toNanos(SECONDS);
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(Math.min(TimeUnit.SECONDS.toNanos(30), Math.max(0, end - System.nanoTime())));
      samples.add(sample());
    }
    Sample last = samples.get(samples.size() - 1);
    long served = requests.get() - requestsAtStart;
    double achieved = served / ((System.nanoTime() - started) / 1e9);
    stopWorkers();

    System.out.printf("soak: %d s at %.0f req/s (aimed at %.0f, half of %.0f measured closed-loop) over %d users "
        + "x %d threads, %d bridge subscribers and a bridge poster; %d requests; heap after GC (MB): %s; open fds: "
        + "%s; errors: %d%n", SECONDS, achieved, rate, capacity, USERS, THREADS_PER_USER, SUBSCRIBERS, served, samples.stream().map(s -> String.format("%.1f", s.heapBytes / 1e6)).toList(),
        samples.stream().map(Sample::fds).toList(), errors.size());
    assertThat(errors).as("error responses or frames").isEmpty();
    assertThat(achieved).as("the achieved rate, against the %.0f req/s aimed at", rate).isGreaterThanOrEqualTo(0.9 * rate);
    // every subscriber connected once, stayed, and heard every post of the run (the posts all go to its room)
    long everyPost = posted.get();
    SquallProcess.awaitCondition("every subscriber has all " + everyPost + " posts", Duration.ofSeconds(15),
        () -> subscribers.stream().allMatch(s -> s.seqs().size() >= everyPost));
    assertThat(subscribers).allSatisfy(s -> {
      assertThat(s.connectFailures()).as("failed connections").isEmpty();
      assertThat(s.connections()).as("connections").isEqualTo(1);
      assertThat(s.errors()).as("bridge error frames").isEmpty();
      assertThat(s.seqs()).as("posts heard, once each").hasSize((int) everyPost).doesNotHaveDuplicates();
    });
    assertThat(last.heapBytes).as("live heap after GC, against %.1f MB after warm-up", baseline.heapBytes / 1e6)
        .isLessThanOrEqualTo((long) (baseline.heapBytes * 1.10));
    // a few descriptors come and go with the JVM's own work (class loading, a jcmd attach): allow that, not growth
    assertThat(last.fds).as("open file descriptors, against %d after warm-up", baseline.fds)
        .isLessThanOrEqualTo(baseline.fds + 8);
  }

  /**
   * A user's loops ({@link #THREADS_PER_USER} of them, sharing its session): a page, the latest history, a post, a
   * static file. With {@code intervalNanos} each loop keeps that schedule (not a pause after each answer, which
   * would slow the load down as the node slows down).
   */
  private void startUser(ChatClient user, long intervalNanos) {
    for (int n = 0; n < THREADS_PER_USER; n++) {
      Thread t = new Thread(() -> {
        long next = System.nanoTime();
        for (int i = 0; running.get(); i++) {
          try {
            switch (i % 4) {
              case 0 -> check(user.client().get("/rooms/lobby"));
              case 1 -> check(user.history("lobby", 0));
              case 2 -> {
                if (check(user.post("lobby", "soak " + UUID.randomUUID()))) {
                  posted.incrementAndGet();
                }
              }
              default -> check(user.client().get("/static/app.css"));
            }
          } catch (RuntimeException e) {
            if (!running.get()) {
              return;   // stopped mid-request
            }
            errors.add(e.toString());
          }
          next += intervalNanos;
          LockSupport.parkNanos(next - System.nanoTime()); // the load's pace (returns at once when behind)
        }
      }, "soak-user");
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /** A browser that posts through the bridge ({@code send} to chat.post with a reply address), as chat.js does. */
  private void startBridgePoster(URI bus, long intervalNanos) {
    Thread t = new Thread(() -> {
      long next = System.nanoTime();
      try (BridgeClient socket = BridgeClient.connect(bus)) {
        for (int i = 0; running.get(); i++) {
          String reply = "soak-" + i;
          socket.send(BridgeClient.request("chat.post", new JsonObject().put("room", "lobby").put("text", "bridge " + i),
              reply));
          JsonObject answer = socket.await(f -> reply.equals(f.getString("address")), Duration.ofSeconds(10));
          requests.incrementAndGet();
          if ("rec".equals(answer.getString("type"))) {
            posted.incrementAndGet();
          } else {
            errors.add("bridge chat.post -> " + answer.encode());
          }
          next += intervalNanos;
          LockSupport.parkNanos(next - System.nanoTime()); // the load's pace
        }
      } catch (RuntimeException | AssertionError e) {
        if (running.get()) {
          errors.add("bridge poster: " + e);
        }
      }
    }, "soak-bridge-poster");
    t.setDaemon(true);
    workers.add(t);
    t.start();
  }

  /** Counts a response; false (and an error) when it failed. */
  private boolean check(HttpResponse<String> response) {
    requests.incrementAndGet();
    if (response.statusCode() >= 400) {
      errors.add(response.request().method() + " " + response.uri().getPath() + " -> " + response.statusCode());
      return false;
    }
    return true;
  }

  private void stopWorkers() throws InterruptedException {
    running.set(false);
    for (Thread t : workers) {
      t.join(15_000);
    }
    workers.clear();
  }

  /**
   * Live heap right after a full GC (jcmd GC.run), read from /metrics, and the node's open descriptors. The heap is
   * the least of three GCs in a row: what is in flight at one instant (a page being rendered, a history batch) can
   * add megabytes to a single reading, and a leak raises all three.
   */
  private Sample sample() throws Exception {
    long heap = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      heap = Math.min(heap, heapAfterGc());
    }
    return new Sample(heap, openFiles(node.pid()));
  }

  private long heapAfterGc() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(node.pid()), "GC.run")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(gc.waitFor(60, TimeUnit.SECONDS)).as("jcmd GC.run").isTrue();
    Matcher m = HEAP.matcher(node.get("/metrics").orElseThrow().body());
    long heap = 0;
    while (m.find()) {
      heap += (long) Double.parseDouble(m.group(1));
    }
    assertThat(heap).as("heap gauges in /metrics").isPositive();
    return heap;
  }

  private static int openFiles(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return (int) fds.count();
    }
  }

  private record Sample(long heapBytes, int fds) {
  }
}
