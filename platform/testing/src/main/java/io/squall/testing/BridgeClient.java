package io.squall.testing;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A browser on the bridge's raw WebSocket ({@code /eventbus/websocket}), speaking the event bus bridge's frames: it
 * sends frames, keeps what arrives in order, and remembers how the server closed it. The JDK's client, so nothing of
 * Vert.x runs on the client side (and closing a test's Vert.x never waits for it). Every wait is bounded.
 *
 * <pre>
 * BridgeClient alice = BridgeClient.connect(bridgePort, token).register("channel.room.lobby");
 * alice.send(BridgeClient.request("chat.post", body, "r1"));
 * JsonObject reply = alice.awaitRec("r1");
 * </pre>
 */
public final class BridgeClient implements AutoCloseable {

  /** How long a wait lasts unless the call says otherwise. */
  public static final Duration WAIT = Duration.ofSeconds(10);
  /** RFC 6455's status for a connection that ended without a close frame. */
  public static final int ABNORMAL_CLOSURE = 1006;

  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new CopyOnWriteArrayList<>();
  private volatile boolean paused;
  private volatile Integer closeStatus;
  private volatile String closeReason;

  private BridgeClient(URI uri, Map<String, String> headers) {
    StringBuilder partial = new StringBuilder();
    WebSocket.Builder builder = HttpClient.newBuilder().connectTimeout(WAIT).build().newWebSocketBuilder()
        .connectTimeout(WAIT);
    headers.forEach(builder::header);
    try {
      ws = builder.buildAsync(uri, new WebSocket.Listener() {
        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
          partial.append(data);
          if (last) {
            frames.add(new JsonObject(partial.toString()));
            partial.setLength(0);
          }
          if (!paused) {
            socket.request(1);
          }
          return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
          closeReason = reason;
          closeStatus = statusCode;
          return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
          closeReason = error.toString();
          closeStatus = ABNORMAL_CLOSURE;
        }
      }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot connect to " + uri + ": " + e, e);
    }
  }

  /** Connects to {@code uri} ({@code ws://host:port/eventbus/websocket?token=...}). */
  public static BridgeClient connect(URI uri) {
    return connect(uri, Map.of());
  }

  /** Connects with request headers (a cookie, an Origin). */
  public static BridgeClient connect(URI uri, Map<String, String> headers) {
    return new BridgeClient(uri, headers);
  }

  /** Connects to the bridge on {@code 127.0.0.1:port}, anonymously. */
  public static BridgeClient connect(int port) {
    return connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"));
  }

  /** Connects to the bridge on {@code 127.0.0.1:port} with {@code ?token=}. */
  public static BridgeClient connect(int port, String token) {
    return connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=" + token));
  }

  /** A {@code send} frame that asks for a reply at {@code replyAddress}. */
  public static JsonObject request(String address, Object body, String replyAddress) {
    return new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("replyAddress", replyAddress);
  }

  public BridgeClient send(JsonObject frame) {
    return sendText(frame.encode());
  }

  /** Any text at all, for tests of what the bridge does with a frame that is not one. */
  public BridgeClient sendText(String text) {
    try {
      ws.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot send: " + e, e);
    }
    return this;
  }

  public BridgeClient register(String address) {
    return send(new JsonObject().put("type", "register").put("address", address));
  }

  /** Registers on a channel address resuming after {@code since} (the {@code since} header). */
  public BridgeClient register(String address, long since) {
    return send(new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject().put("since", since)));
  }

  public BridgeClient unregister(String address) {
    return send(new JsonObject().put("type", "unregister").put("address", address));
  }

  public BridgeClient publish(String address, Object body) {
    return send(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  public BridgeClient ping() {
    return send(new JsonObject().put("type", "ping"));
  }

  /**
   * Registers and returns once the registration is known to be in place: registration has no acknowledgement in
   * the bridge protocol, so this publishes probes on {@code address} through {@code bus} until one comes back.
   * Probes are left out of every later wait.
   */
  public BridgeClient registered(EventBus bus, String address) {
    register(address);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      bus.publish(address, new JsonObject().put("probe", true));
      JsonObject frame;
      try {
        frame = frames.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (frame != null && isProbe(frame)) {
        return this;
      }
      if (frame != null) {
        seen.add(frame);
      }
    }
    throw new AssertionError("no probe came back on " + address + "; seen: " + seen);
  }

  private static boolean isProbe(JsonObject frame) {
    return frame.getValue("body") instanceof JsonObject body && Boolean.TRUE.equals(body.getValue("probe"));
  }

  /** The next frame (probes skipped), or null when none came within {@code timeout}. */
  public JsonObject poll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        JsonObject frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (frame == null || !isProbe(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next frame that satisfies {@code wanted}; those before it are kept in {@link #seen}. */
  public JsonObject await(Predicate<JsonObject> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonObject frame = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (frame == null) {
        throw new AssertionError("no matching frame within " + timeout + "; seen: " + seen);
      }
      seen.add(frame);
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  public JsonObject await(Predicate<JsonObject> wanted) {
    return await(wanted, WAIT);
  }

  /**
   * The frames up to and including the first that satisfies {@code wanted}; fails as soon as more than {@code most}
   * have come (a server that floods the socket fails the test fast instead of filling its memory).
   */
  public List<JsonObject> framesUntil(Predicate<JsonObject> wanted, int most) {
    List<JsonObject> got = new ArrayList<>();
    while (true) {
      if (got.size() == most) {
        throw new AssertionError("more than " + most + " frames came before the one awaited: " + got);
      }
      JsonObject frame = await(f -> true);
      got.add(frame);
      if (wanted.test(frame)) {
        return got;
      }
    }
  }

  /** The next {@code rec} frame on {@code address}. */
  public JsonObject awaitRec(String address) {
    return await(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")));
  }

  /** The body of the next {@code rec} frame on {@code address}. */
  public JsonObject next(String address) {
    return awaitRec(address).getJsonObject("body");
  }

  /** The next {@code err} frame with {@code reason} as its body. */
  public JsonObject awaitErr(String reason) {
    return await(f -> "err".equals(f.getString("type")) && reason.equals(f.getString("body")));
  }

  /** Frames taken by the waits so far, matching or not. */
  public List<JsonObject> seen() {
    return new ArrayList<>(seen);
  }

  /** Frames that arrived and no wait has taken yet. */
  public List<JsonObject> pending() {
    return new ArrayList<>(frames);
  }

  /** Whether nothing arrives for {@code quiet}. */
  public boolean idle(Duration quiet) {
    JsonObject frame = poll(quiet);
    if (frame != null) {
      seen.add(frame);
    }
    return frame == null;
  }

  /** Stops reading: what the server sends piles up in its write queue, as for a browser that stopped reading. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
    ws.request(1);
  }

  /** The server closed the socket or the connection broke. */
  public boolean isClosed() {
    return closeStatus != null;
  }

  /** The close status (1006 when the connection broke without a close frame), or null while open. */
  public Integer closeStatus() {
    return closeStatus;
  }

  public String closeReason() {
    return closeReason;
  }

  /** Waits until the server closed the socket; returns the close status. */
  public int awaitClose(Duration timeout) {
    SquallProcess.awaitCondition("the server closes the socket", timeout, this::isClosed);
    return closeStatus;
  }

  @Override
  public void close() {
    if (isClosed()) {
      ws.abort();
    } else {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }
}
