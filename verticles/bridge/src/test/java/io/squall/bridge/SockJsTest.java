package io.squall.bridge;

import static io.squall.bridge.Bridges.permit;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.SquallClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same bridge through SockJS's own framing: its WebSocket transport and the xhr fallback a proxy may force. */
class SockJsTest {

  private final List<Message<Object>> received = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Bridges.fakeAuth(vertx);
    vertx.eventBus().consumer("in.orders", received::add);
    port = Bridges.deploy(vertx, new BridgeOptions().addInbound(permit("in.orders")).addOutbound(permit("out.news")));
  }

  @AfterEach
  void stop() {
    Bridges.await(vertx.close());
  }

  private String xhr(String session, String transport, String body) throws Exception {
    // a client per request: SockJS closes an xhr poll's connection after the response without saying so
    // (Connection: close), and a pooled client could send the next request on it and get no answer
    SquallClient fresh = SquallClient.to(port);
    HttpResponse<String> response = fresh.send(fresh.request("/eventbus/000/" + session + "/" + transport
        + "?token=t-alice").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)));
    assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
    return response.body();
  }

  private static String sockJsMessage(JsonObject frame) {
    return new JsonArray().add(frame.encode()).encode();
  }

  /** Issue 19, point 4: sockjs-client and the SockJS protocol suite ask for the greeting without the slash too. */
  @Test
  void theGreetingAnswersWithAndWithoutTheTrailingSlash() {
    for (String path : List.of("/eventbus", "/eventbus/")) {
      HttpResponse<String> greeting = SquallClient.to(port).get(path);
      assertThat(greeting.statusCode()).as(path).isEqualTo(200);
      assertThat(greeting.body()).as(path).isEqualTo("Welcome to SockJS!\n");
      assertThat(greeting.headers().firstValue("content-type")).as(path).hasValue("text/plain; charset=UTF-8");
    }
  }

  /**
   * Issue 19, point 1: Vert.x closes an xhr poll's connection once it answered; a keep-alive client (Node's agent
   * under the official event-bus client) reused the dead socket and lost its session. The answer now says so.
   */
  @Test
  void anXhrPollSaysItClosesTheConnectionItCloses() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("POST /eventbus/000/" + UUID.randomUUID() + "/xhr?token=t-alice HTTP/1.1\r\n"
          + "Host: localhost\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      // readAllBytes returned: the server closed the connection, as the header now says
      assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nconnection: close\r\n").contains("\r\no\n");
    }
  }

  @Test
  void theXhrPollingFallbackCarriesFramesBothWays() throws Exception {
    String session = UUID.randomUUID().toString();
    assertThat(xhr(session, "xhr", null)).isEqualTo("o\n");

    xhr(session, "xhr_send", sockJsMessage(new JsonObject().put("type", "register").put("address", "out.news")));
    xhr(session, "xhr_send", sockJsMessage(new JsonObject().put("type", "publish").put("address", "in.orders")
        .put("body", "by xhr").put("headers", new JsonObject().put("squall-user", "root"))));
    SquallAwait.until("the order arrived", () -> received.size() == 1);
    vertx.eventBus().publish("out.news", "to xhr");
    String polled = xhr(session, "xhr", null);

    assertThat(received.get(0).body()).isEqualTo("by xhr");
    assertThat(received.get(0).headers().get(Addresses.HEADER_USER)).isEqualTo("alice");
    assertThat(polled).startsWith("a[");
    JsonObject frame = new JsonObject(new JsonArray(polled.substring(1).trim()).getString(0));
    assertThat(frame.getString("type")).isEqualTo("rec");
    assertThat(frame.getString("body")).isEqualTo("to xhr");
  }

  @Test
  void aDrainedPollingClientGetsTheReconnectFrameOnItsNextPollThenTheClose() throws Exception {
    String session = UUID.randomUUID().toString();
    // the open frame ends this poll: none is waiting when the drain starts, so the frame must wait for the next
    assertThat(xhr(session, "xhr", null)).isEqualTo("o\n");

    Future<Void> undeployed = vertx.undeploy(vertx.deploymentIDs().iterator().next());
    String first = xhr(session, "xhr", null);
    int info = SquallClient.to(port).get("/eventbus/info").statusCode();
    String second = xhr(session, "xhr", null);

    assertThat(first).isEqualTo("a" + new JsonArray().add("{\"type\":\"reconnect\"}").encode() + "\n");
    assertThat(info).as("the bridge still listens for the poll that takes the close frame").isEqualTo(200);
    assertThat(second).startsWith("c[");
    Bridges.await(undeployed);
  }

  @Test
  void theSockJsWebSocketTransportFramesMessagesInArrays() throws Exception {
    LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    java.net.http.WebSocket ws = SquallClient.to(port).http().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
        + "/eventbus/000/" + UUID.randomUUID() + "/websocket?token=t-bob"), new java.net.http.WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data,
                                                               boolean last) {
            frames.add(data.toString());
            socket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    assertThat(frames.poll(10, TimeUnit.SECONDS)).isEqualTo("o");

    ws.sendText(sockJsMessage(new JsonObject().put("type", "publish").put("address", "in.orders").put("body", 7)), true)
        .get(5, TimeUnit.SECONDS);
    ws.sendText(sockJsMessage(new JsonObject().put("type", "publish").put("address", "in.secret").put("body", 7)), true)
        .get(5, TimeUnit.SECONDS);
    String refusal = frames.poll(10, TimeUnit.SECONDS);

    SquallAwait.until("the order arrived", () -> received.size() == 1);
    assertThat(received.get(0).headers().get(Addresses.HEADER_USER)).isEqualTo("bob");
    assertThat(refusal).startsWith("a[");
    assertThat(new JsonObject(new JsonArray(refusal.substring(1)).getString(0)).getString("body")).isEqualTo("access_denied");
    ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void theClientScriptsAreServed() throws Exception {
    for (String script : new String[] {"client.js", "vertx-eventbus.js", "sockjs.min.js"}) {
      HttpResponse<String> response = SquallClient.to(port).get("/eventbus/" + script);
      assertThat(response.statusCode()).as(script).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
    }
  }
}
