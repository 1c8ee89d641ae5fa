package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Node;
import io.squall.testing.Ports;
import io.squall.testing.SquallNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged chat app on one node, driven over HTTP like curl would (and one WebSocket): log in, open a room,
 * post by form and by JSON, read history, hear a message live over the bridge.
 */
class ChatAppTest {

  private static final Pattern XSRF = Pattern.compile("name=\"_xsrf\" value=\"([^\"]+)\"");

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;
  private int http;
  private int bridge;

  @BeforeEach
  void start() throws Exception {
    Path descriptor = dir.resolve("chat.yaml");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("squall/chat/chat.yaml")) {
      Files.write(descriptor, in.readAllBytes());
    }
    http = Ports.free();
    bridge = Ports.free();
    Node node = nodes.start(SquallNodes.options(descriptor.toString()).setHttpPort(http).setBridgePort(bridge));
    assertThat(node.verticles()).extracting(v -> v.name())
        .containsExactly("http", "bridge", "templates", "auth", "channels", "chat");
  }

  /** A cookie-keeping client that does not follow redirects. */
  private final class Browser {
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String path) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> form(String path, String xsrfFrom, String... fields) throws Exception {
      Matcher m = XSRF.matcher(get(xsrfFrom).body());
      assertThat(m.find()).as("an _xsrf field on " + xsrfFrom).isTrue();
      StringBuilder body = new StringBuilder("_xsrf=" + URLEncoder.encode(m.group(1).replace("&#124;", "|"), StandardCharsets.UTF_8));
      for (int i = 0; i < fields.length; i += 2) {
        body.append('&').append(fields[i]).append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
      }
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    Browser login(String user, String password) throws Exception {
      HttpResponse<String> login = form("/login", "/login", "username", user, "password", password, "next", "/rooms/lobby");
      assertThat(login.statusCode()).isEqualTo(303);
      assertThat(login.headers().firstValue("location")).hasValue("/rooms/lobby");
      return this;
    }

    String token() throws Exception {
      return new JsonObject(get("/auth/token").body()).getString("token");
    }
  }

  @Test
  void aGuestIsSentToLoginAndBack() throws Exception {
    HttpResponse<String> room = new Browser().get("/rooms/lobby");

    assertThat(room.statusCode()).isEqualTo(302);
    assertThat(room.headers().firstValue("location")).hasValue("/login?next=%2Frooms%2Flobby");
  }

  @Test
  void twoUsersChatByFormJsonAndTheBridge() throws Exception {
    Browser alice = new Browser().login("alice", "alice-secret");
    Browser bob = new Browser().login("bob", "bob-secret");
    String page = bob.get("/rooms/lobby").body();
    Matcher last = Pattern.compile("data-last-seq=\"(-?\\d+)\"").matcher(page);
    assertThat(last.find()).isTrue();

    LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket ws = bob.client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + bridge
        + "/eventbus/websocket?token=" + bob.token()), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean lastPart) {
            frames.add(new JsonObject(data.toString()));
            socket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText(new JsonObject().put("type", "register").put("address", "channel.room.lobby")
        .put("headers", new JsonObject().put("since", Long.parseLong(last.group(1)))).encode(), true).get();

    HttpResponse<String> byForm = alice.form("/rooms/lobby/messages", "/rooms/lobby", "text", "<script>alert(1)</script>");
    assertThat(byForm.statusCode()).isEqualTo(303);
    assertThat(byForm.headers().firstValue("location")).hasValue("/rooms/lobby");
    JsonObject heard = frames.poll(10, TimeUnit.SECONDS);
    assertThat(heard).as("bob hears alice over the bridge").isNotNull();
    assertThat(heard.getJsonObject("body").getString("from")).isEqualTo("alice");
    assertThat(heard.getJsonObject("body").getJsonObject("data").getString("text")).isEqualTo("<script>alert(1)</script>");

    HttpResponse<String> byJson = alice.client.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + http + "/rooms/lobby/messages")).header("Authorization", "Bearer " + alice.token())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"by json\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(byJson.statusCode()).isEqualTo(200);
    long seq = new JsonObject(byJson.body()).getLong("seq");

    JsonArray history = new JsonObject(bob.get("/rooms/lobby/messages?since=0").body()).getJsonArray("messages");
    assertThat(history).extracting(m -> ((JsonObject) m).getJsonObject("data").getString("text"))
        .containsExactly("<script>alert(1)</script>", "by json");
    assertThat(history.getJsonObject(1).getLong("seq")).isEqualTo(seq);
    assertThat(bob.get("/rooms/lobby").body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)</script>");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void theEventStreamResumesAfterLastEventId() throws Exception {
    Browser alice = new Browser().login("alice", "alice-secret");
    for (String text : new String[] {"one", "two", "three"}) {
      assertThat(alice.form("/rooms/lobby/messages", "/rooms/lobby", "text", text).statusCode()).isEqualTo(303);
    }

    HttpResponse<java.util.stream.Stream<String>> events = alice.client.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + http + "/rooms/lobby/events")).header("Last-Event-ID", "1").build(),
        HttpResponse.BodyHandlers.ofLines());

    assertThat(events.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    java.util.List<String> lines = new java.util.ArrayList<>();
    try (java.util.stream.Stream<String> stream = events.body()) {
      java.util.Iterator<String> it = stream.iterator();
      while (lines.stream().filter(l -> l.startsWith("data: ")).count() < 2 && it.hasNext()) {
        lines.add(it.next());
      }
    }
    assertThat(lines).contains("id: 2", "id: 3").noneMatch(l -> l.equals("id: 1"));
    assertThat(lines.stream().filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6)))
        .map(m -> m.getJsonObject("data").getString("text"))).containsExactly("two", "three");
  }

  @Test
  void postingWithoutTheXsrfTokenIsRefused() throws Exception {
    Browser alice = new Browser().login("alice", "alice-secret");

    HttpResponse<String> forged = alice.client.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + http + "/rooms/lobby/messages")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("text=csrf")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(alice.get("/rooms/lobby/messages?since=0").body()).getJsonArray("messages")).isEmpty();
  }
}
