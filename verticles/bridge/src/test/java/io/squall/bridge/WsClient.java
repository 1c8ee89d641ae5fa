package io.squall.bridge;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A raw WebSocket bridge client for tests: sends frames, collects what arrives, remembers how it was closed. */
final class WsClient {

  final WebSocket ws;
  final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  final List<JsonObject> seen = new ArrayList<>();
  volatile Short closeStatus;
  volatile String closeReason;

  private WsClient(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    ws.closeHandler(v -> {
      closeStatus = ws.closeStatusCode();
      closeReason = ws.closeReason();
    });
  }

  private static final List<WsClient> OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Closes every client socket. Call before closing a Vert.x that also runs the server: Vert.x shuts its clients
   * down first and waits (up to 30 s) for their connections to end, which a server that is still up never does.
   */
  static void closeAll() {
    for (WsClient client : OPEN) {
      try {
        client.ws.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // already closed by the server
      }
    }
    OPEN.clear();
  }

  static WsClient connect(Vertx vertx, int port, String uri, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(4 * 1024 * 1024)
        .setMaxMessageSize(16 * 1024 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (headers != null) {
      options.setHeaders(headers);
    }
    // handlers are set on the event loop, as the connection completes: a frame the server sends at once (a refusal)
    // is not lost before the test thread gets to it
    WsClient connected = await(client.connect(options).map(WsClient::new));
    OPEN.add(connected);
    return connected;
  }

  static WsClient connect(Vertx vertx, int port) {
    return connect(vertx, port, "/eventbus/websocket", null);
  }

  WsClient send(JsonObject frame) {
    await(ws.writeTextMessage(frame.encode()));
    return this;
  }

  WsClient register(String address) {
    return send(new JsonObject().put("type", "register").put("address", address));
  }

  WsClient publish(String address, Object body) {
    return send(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  /** The next frame that satisfies {@code wanted} (frames before it are kept in {@link #seen}). */
  JsonObject await(Predicate<JsonObject> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
        if (frame == null) {
          throw new AssertionError("no matching frame within " + timeout + "; seen: " + seen);
        }
        if (isProbe(frame)) {
          continue;
        }
        seen.add(frame);
        if (wanted.test(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  JsonObject await(Predicate<JsonObject> wanted) {
    return await(wanted, Duration.ofSeconds(10));
  }

  /**
   * The frames up to and including the first that satisfies {@code wanted}; fails as soon as more than {@code most}
   * have come (a server that floods the socket fails fast instead of filling the test's memory).
   */
  List<JsonObject> framesUntil(Predicate<JsonObject> wanted, int most) {
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

  /**
   * Registration has no acknowledgement in the bridge protocol: publishes probes on {@code address} until one comes
   * back, so the socket is known to be listening. Probes are skipped by every later wait.
   */
  WsClient registered(Vertx vertx, String address) {
    register(address);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      vertx.eventBus().publish(address, new JsonObject().put("probe", true));
      try {
        JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
        if (frame != null && isProbe(frame)) {
          return this;
        }
        if (frame != null) {
          seen.add(frame);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no probe came back on " + address + "; seen: " + seen);
  }

  private static boolean isProbe(JsonObject frame) {
    return frame.getValue("body") instanceof JsonObject body && Boolean.TRUE.equals(body.getValue("probe"));
  }

  JsonObject awaitErr(String reason) {
    return await(f -> "err".equals(f.getString("type")) && reason.equals(f.getString("body")));
  }

  JsonObject awaitRec(String address) {
    return await(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")));
  }

  /** Waits until the server closed the socket; returns the close status. */
  short awaitClose(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closeStatus == null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still open after " + timeout);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return closeStatus;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e.getCause() != null ? e.getCause() : e);
    }
  }
}
