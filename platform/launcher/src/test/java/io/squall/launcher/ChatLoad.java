package io.squall.launcher;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A user who keeps posting to a room and reading its latest history, each about 40 times a second, recording every
 * request (when it started and ended, and how: the seq, or the failure), every acknowledged seq, and every failed
 * request. Posts carry an {@code Idempotency-Key}, as chat.js's do, unless the load is made {@link #unkeyed}.
 */
final class ChatLoad implements AutoCloseable {

  /** One request: nanoTime at start and end; {@code status} -1 for an exception, whose text is in {@code body}. */
  record Request(String name, long startNanos, long endNanos, int status, String body) {

    long millis() {
      return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }

    boolean inFlightAt(long nanos) {
      return startNanos <= nanos && endNanos >= nanos;
    }

    @Override
    public String toString() {
      return name + " " + (status < 0 ? "failed" : status) + " in " + millis() + " ms: " + body;
    }
  }

  private final ChatClient client;
  private final String room;
  private final boolean keyed;
  private final String label;
  private final List<Long> acked = new CopyOnWriteArrayList<>();
  private final List<String> ackedTexts = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final Thread poster;
  private final Thread reader;
  private volatile boolean running = true;

  ChatLoad(ChatClient client, String room) {
    this(client, room, true, "load");
  }

  private ChatLoad(ChatClient client, String room, boolean keyed, String label) {
    this.client = client;
    this.room = room;
    this.keyed = keyed;
    this.label = label;
    poster = start("chat-poster", this::postOnce);
    reader = start("chat-reader", this::readOnce);
  }

  /** Posts without an idempotency key: a post whose node dies is refused (503 node_lost), not sent again. */
  static ChatLoad unkeyed(ChatClient client, String room) {
    return new ChatLoad(client, room, false, "unkeyed");
  }

  private Thread start(String name, Step step) {
    Thread t = new Thread(() -> {
      for (int i = 0; running; i++) {
        long started = System.nanoTime();
        try {
          step.run(i, started);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          failures.add(name + " #" + i + ": " + e);
          requests.add(new Request(name + " #" + i, started, System.nanoTime(), -1, e.toString()));
        }
        // the load's pace, not a wait for anything
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void postOnce(int i, long started) throws Exception {
    String text = label + " " + i;
    HttpResponse<String> r = client.post(room, text, keyed ? UUID.randomUUID().toString() : null);
    requests.add(new Request("post #" + i, started, System.nanoTime(), r.statusCode(), r.body()));
    if (r.statusCode() == 200) {
      acked.add(new JsonObject(r.body()).getLong("seq"));
      ackedTexts.add(text);
    } else {
      failures.add("post #" + i + ": " + r.statusCode() + " " + r.body());
    }
  }

  private void readOnce(int i, long started) throws Exception {
    long since = acked.isEmpty() ? 0 : Math.max(0, acked.get(acked.size() - 1) - 5);
    HttpResponse<String> r = client.history(room, since);
    requests.add(new Request("read #" + i, started, System.nanoTime(), r.statusCode(),
        r.statusCode() == 200 ? "" : r.body()));
    if (r.statusCode() == 200) {
      reads.incrementAndGet();
    } else {
      failures.add("read #" + i + ": " + r.statusCode() + " " + r.body());
    }
  }

  List<Long> acked() {
    return List.copyOf(acked);
  }

  /** The texts of the acknowledged posts, in the order of {@link #acked()}. */
  List<String> ackedTexts() {
    return List.copyOf(ackedTexts);
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The request that took longest, of all so far. */
  Request slowest() {
    return requests.stream().max(Comparator.comparingLong(Request::millis)).orElseThrow();
  }

  int reads() {
    return reads.get();
  }

  ChatClient client() {
    return client;
  }

  /** Stops both loops, letting a request in flight finish, and returns every acknowledged seq. */
  List<Long> stop() throws InterruptedException {
    running = false;
    poster.join(15_000);
    reader.join(15_000);
    return acked();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poster.interrupt();
    reader.interrupt();
    stop();
  }

  private interface Step {
    void run(int i, long startedNanos) throws Exception;
  }
}
