package io.squall.launcher;

import io.squall.testing.BridgeClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A browser on a channel through the bridge, doing what client.js does: on a {@code reconnect} frame or a broken
 * connection it connects again (through the load balancer, so to whichever node is live) and registers with
 * {@code since} = the last seq it saw, so it should see every message once and in order.
 */
final class ResumingSubscriber implements AutoCloseable {

  /** vertx-eventbus.js's default ping interval; the bridge closes a socket silent for its pingTimeout (60 s). */
  private static final Duration PING_INTERVAL = Duration.ofSeconds(20);

  private final URI uri;
  private final String address;
  private final List<Long> seqs = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<String> connectFailures = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;
  /** 0 at first: the room from its first message, as a page rendered before any message would ask. */
  private volatile long last = 0;

  ResumingSubscriber(URI uri, String address) {
    this.uri = uri;
    this.address = address;
    thread = new Thread(this::run, "subscriber-" + address);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      try (BridgeClient socket = BridgeClient.connect(uri)) {
        connections.incrementAndGet();
        socket.register(address, last);
        boolean told = false;
        long pinged = System.nanoTime();
        while (running && !told && !socket.isClosed()) {
          told = take(socket.poll(Duration.ofMillis(100)));
          if (System.nanoTime() - pinged > PING_INTERVAL.toNanos()) {
            // as vertx-eventbus.js does (vertxbus_ping_interval): a socket that says nothing is closed as idle
            socket.ping();
            pinged = System.nanoTime();
          }
        }
        // frames that arrived just before the close are still ours
        for (JsonObject frame = socket.poll(Duration.ZERO); frame != null; frame = socket.poll(Duration.ZERO)) {
          take(frame);
        }
      } catch (RuntimeException e) {
        if (!running) {
          return;   // closed by the test, which interrupted a wait
        }
        // no node reachable right now: kept for the test to judge, then back off as client.js does (its pacing,
        // not a wait in the test)
        connectFailures.add(e.toString());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /** Records a frame; true when it is the node's {@code reconnect} notice. */
  private boolean take(JsonObject frame) {
    if (frame == null) {
      return false;
    }
    String type = frame.getString("type");
    if ("err".equals(type)) {
      errors.add(frame.encode());
    } else if ("rec".equals(type) && address.equals(frame.getString("address"))) {
      long seq = frame.getJsonObject("body").getLong("seq");
      seqs.add(seq);
      last = Math.max(last, seq);
    }
    return "reconnect".equals(type);
  }

  /** Every seq received, in arrival order (duplicates included, so a test can see them). */
  List<Long> seqs() {
    return List.copyOf(seqs);
  }

  /** Error frames received. */
  List<String> errors() {
    return List.copyOf(errors);
  }

  int connections() {
    return connections.get();
  }

  /** Why connecting or registering failed, each time it did (a test that kills nodes expects some). */
  List<String> connectFailures() {
    return List.copyOf(connectFailures);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5000);
  }
}
