package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.squall.testing.BridgeClient;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the bridge's frame handling with Jazzer: each input is one WebSocket message from a browser, fed to one
 * long-lived bridge socket on its event loop, as the transports do. Every input must be handled or answered with an
 * {@code err} frame (a malformed frame always gets one), nothing may throw, the socket stays open (unless the input is
 * over maxMessageSize: 1009), and every frame the bridge writes is a well-formed {@code rec} or {@code err}. At the
 * end, the fuzzed socket still does a request-reply and a real bridge on the same Vert.x still serves a new socket.
 * How to run it longer: docs/SECURITY.md, "Fuzzing".
 */
class FrameFuzzTest {

  private static final int MAX_MESSAGE = 16 * 1024;
  private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister");

  private static Vertx vertx;
  private static Context context;
  private static BridgeOptions options;
  private static Bridge bridge;
  private static Recording transport;
  private static BridgeSocket socket;
  private static final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

  /** What the bridge wrote and how it closed, as a transport would carry it. */
  static final class Recording implements Transport {
    final List<String> written = new ArrayList<>();
    Integer closedWith;

    @Override
    public void write(String frame) {
      written.add(frame);
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
    }

    @Override
    public void close(int code, String reason) {
      closedWith = code;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.exceptionHandler(uncaught::add);
    vertx.eventBus().consumer("fuzz.echo", m -> m.reply(m.body()));
    context = vertx.getOrCreateContext();
    options = new BridgeOptions().setAnonymous(true).setSessionCookie("").setRateLimit(0)
        .setMaxMessageSize(MAX_MESSAGE).setMaxFrameSize(MAX_MESSAGE)
        .addInbound(new PermitOptions().setAddressRegex("fuzz\\..*"))
        .addOutbound(new PermitOptions().setAddressRegex("fuzz\\..*"));
    onContext(() -> {
      bridge = new Bridge(vertx, options, new BridgeMetrics(null), "fuzz-node");
      newSocket();
    });
  }

  private static void newSocket() {
    transport = new Recording();
    socket = new BridgeSocket(bridge, transport, "fuzz");
    socket.authenticated(Identity.ANONYMOUS);
  }

  @DictionaryEntries({"{\"type\":", "\"send\"", "\"publish\"", "\"register\"", "\"unregister\"", "\"ping\"",
      "\"address\":", "\"fuzz.echo\"", "\"fuzz.a\"", "\"__vertx.reply.1\"", "\"body\":", "\"headers\":",
      "\"replyAddress\":", "\"since\":", "\"squall-user\":", "\"token\":", "1e400", "-0", "null", "[", "]", "{", "}",
      "\\u0000", "\\ud800"})
  @FuzzTest(maxDuration = "20s")
  void everyFrameIsHandledOrAnsweredWithAnErr(byte[] input) throws Exception {
    List<String> written = feed(input);

    if (transport.closedWith != null) {
      assertThat(input.length).as("closed with %s by: %s", transport.closedWith, printable(input))
          .isGreaterThan(MAX_MESSAGE);
      assertThat(transport.closedWith).isEqualTo(1009);
      onContext(FrameFuzzTest::newSocket);
      return;
    }
    for (String frame : written) {
      assertThat(new JsonObject(frame).getString("type")).as(frame).isIn("rec", "err");
    }
    if (!wellFormed(input)) {
      assertThat(written).as("an err frame for: %s", printable(input))
          .anySatisfy(f -> assertThat(new JsonObject(f).getString("type")).isEqualTo("err"));
    }
    assertThat(uncaught).as("exceptions on the event loop").isEmpty();
  }

  /** The bridge protocol's shape of a frame (README "Frames"), independently of how the bridge checks it. */
  private static boolean wellFormed(byte[] input) {
    JsonObject frame;
    try {
      frame = new JsonObject(new String(input, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
    if (!(frame.getValue("type") instanceof String type)) {
      return false;
    }
    if (type.equals("ping")) {
      return true;
    }
    return frame.getValue("address") instanceof String address && !address.isEmpty() && address.length() <= 200
        && TYPES.contains(type);
  }

  /** Feeds one message on the socket's event loop; returns what the bridge wrote at once. */
  private static List<String> feed(byte[] input) throws Exception {
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        transport.written.clear();
        socket.onData(Buffer.buffer(input));
        done.complete(new ArrayList<>(transport.written));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    try {
      return done.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : new RuntimeException(e.getCause());
    }
  }

  private static void onContext(Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        action.run();
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    done.get(10, TimeUnit.SECONDS);
  }

  private static String printable(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  @AfterAll
  static void theSocketAndTheNodeSurvived() throws Exception {
    try (SilentCloseable allowed = BugDetectors.allowNetworkConnections()) {
      // an address the fuzzer cannot have registered the socket on (a registered fuzz.echo would share the requests
      // round-robin with the echo consumer, and those would never be answered)
      String echo = "fuzz.alive-" + UUID.randomUUID();
      vertx.eventBus().consumer(echo, m -> m.reply(m.body()));
      // the fuzzed socket (or the fresh one after a 1009) still does a request-reply
      feed(("{\"type\":\"send\",\"address\":\"" + echo + "\",\"body\":\"alive?\",\"replyAddress\":\"fuzz-survived\"}")
          .getBytes(StandardCharsets.UTF_8));
      SquallAwait.until("the fuzzed socket got its reply", () -> {
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        context.runOnContext(v -> seen.complete(transport.written.stream().anyMatch(f -> f.contains("fuzz-survived"))));
        return seen.join();
      });
      // and a real bridge on the same Vert.x serves a new browser
      int port = Bridges.deploy(vertx, new BridgeOptions(options));
      BridgeClient client = BridgeClient.connect(port);
      client.send(new JsonObject().put("type", "send").put("address", echo).put("body", "ok").put("replyAddress", "r"));
      assertThat(client.awaitRec("r").getString("body")).isEqualTo("ok");
      assertThat(uncaught).isEmpty();
    } finally {
      Bridges.await(vertx.close());
    }
  }
}
