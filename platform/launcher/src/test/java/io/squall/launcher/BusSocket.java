package io.squall.launcher;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A browser stand-in on the bridge's raw WebSocket (JDK client, so nothing of Vert.x on this side). */
final class BusSocket implements AutoCloseable {

  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  private volatile boolean closed;

  private BusSocket(URI uri) throws Exception {
    StringBuilder partial = new StringBuilder();
    ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(uri, new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              frames.add(new JsonObject(partial.toString()));
              partial.setLength(0);
            }
            socket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed = true;
            return null;
          }

          @Override
          public void onError(WebSocket socket, Throwable error) {
            closed = true;
          }
        }).get(10, TimeUnit.SECONDS);
  }

  static BusSocket connect(int port) throws Exception {
    return connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"));
  }

  static BusSocket connect(URI uri) throws Exception {
    return new BusSocket(uri);
  }

  /** The server closed the socket or the connection broke (frames already received can still be polled). */
  boolean isClosed() {
    return closed;
  }

  /** The next frame, or null when none came within {@code timeout}. */
  JsonObject poll(Duration timeout) throws InterruptedException {
    return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  BusSocket send(JsonObject frame) throws Exception {
    ws.sendText(frame.encode(), true).get(10, TimeUnit.SECONDS);
    return this;
  }

  BusSocket register(String address, long since) throws Exception {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    if (since >= 0) {
      frame.put("headers", new JsonObject().put("since", since));
    }
    return send(frame);
  }

  JsonObject await(Predicate<JsonObject> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonObject frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (frame == null) {
        throw new AssertionError("no matching frame within " + timeout);
      }
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  /** The next message on {@code address} ({@code rec} frame body). */
  JsonObject next(String address) throws InterruptedException {
    return await(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")), Duration.ofSeconds(20))
        .getJsonObject("body");
  }

  boolean idle(Duration quiet) throws InterruptedException {
    return frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  @Override
  public void close() {
    if (closed) {
      ws.abort();
    } else {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }
}
