package io.squall.launcher;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A user who keeps posting to a room and reading its latest history, each about 40 times a second, recording
 * every acknowledged seq and every failed request (status and body, or the exception).
 */
final class ChatLoad implements AutoCloseable {

  private final ChatClient client;
  private final String room;
  private final List<Long> acked = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final Thread poster;
  private final Thread reader;
  private volatile boolean running = true;

  ChatLoad(ChatClient client, String room) {
    this.client = client;
    this.room = room;
    poster = start("chat-poster", this::postOnce);
    reader = start("chat-reader", this::readOnce);
  }

  private Thread start(String name, Step step) {
    Thread t = new Thread(() -> {
      for (int i = 0; running; i++) {
        try {
          step.run(i);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          failures.add(name + " #" + i + ": " + e);
        }
        // the load's pace, not a wait for anything
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void postOnce(int i) throws Exception {
    HttpResponse<String> r = client.post(room, "load " + i);
    if (r.statusCode() == 200) {
      acked.add(new JsonObject(r.body()).getLong("seq"));
    } else {
      failures.add("post #" + i + ": " + r.statusCode() + " " + r.body());
    }
  }

  private void readOnce(int i) throws Exception {
    long since = acked.isEmpty() ? 0 : Math.max(0, acked.get(acked.size() - 1) - 5);
    HttpResponse<String> r = client.history(room, since);
    if (r.statusCode() == 200) {
      reads.incrementAndGet();
    } else {
      failures.add("read #" + i + ": " + r.statusCode() + " " + r.body());
    }
  }

  List<Long> acked() {
    return List.copyOf(acked);
  }

  List<String> failures() {
    return List.copyOf(failures);
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
    void run(int i) throws Exception;
  }
}
