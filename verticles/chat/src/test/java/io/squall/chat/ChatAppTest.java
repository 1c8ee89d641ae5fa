package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Node;
import io.squall.testing.BridgeClient;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    Node node = nodes.start(SquallNodes.options(descriptor.toString()).addSet("http.port", "0")
        .addSet("bridge.port", "0"));
    http = node.port("http");
    bridge = node.port("bridge");
    assertThat(node.verticles()).extracting(v -> v.name())
        .containsExactly("http", "bridge", "templates", "auth", "channels", "chat");
  }

  /** Posts a form the way the page {@code xsrfFrom} does: with the _xsrf field it carries. */
  private static HttpResponse<String> form(SquallClient browser, String path, String xsrfFrom, String... fields) {
    Matcher m = XSRF.matcher(browser.get(xsrfFrom).body());
    assertThat(m.find()).as("an _xsrf field on " + xsrfFrom).isTrue();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("_xsrf", m.group(1).replace("&#124;", "|"));
    for (int i = 0; i < fields.length; i += 2) {
      form.put(fields[i], fields[i + 1]);
    }
    return browser.postForm(path, form, false);
  }

  /** A new browser, signed in through the login page, which sends it on to the lobby. */
  private SquallClient login(String user, String password) {
    SquallClient browser = SquallClient.to(http);
    HttpResponse<String> login = form(browser, "/login", "/login", "username", user, "password", password,
        "next", "/rooms/lobby");
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("location")).hasValue("/rooms/lobby");
    return browser;
  }

  @Test
  void aGuestIsSentToLoginAndBack() throws Exception {
    HttpResponse<String> room = SquallClient.to(http).get("/rooms/lobby");

    assertThat(room.statusCode()).isEqualTo(302);
    assertThat(room.headers().firstValue("location")).hasValue("/login?next=%2Frooms%2Flobby");
  }

  @Test
  void twoUsersChatByFormJsonAndTheBridge() throws Exception {
    SquallClient alice = login("alice", "alice-secret");
    SquallClient bob = login("bob", "bob-secret");
    String page = bob.get("/rooms/lobby").body();
    Matcher last = Pattern.compile("data-last-seq=\"(-?\\d+)\"").matcher(page);
    assertThat(last.find()).isTrue();

    BridgeClient ws = BridgeClient.connect(bridge, bob.token())
        .register("channel.room.lobby", Long.parseLong(last.group(1)));

    HttpResponse<String> byForm = form(alice, "/rooms/lobby/messages", "/rooms/lobby", "text",
        "<script>alert(1)</script>");
    assertThat(byForm.statusCode()).isEqualTo(303);
    assertThat(byForm.headers().firstValue("location")).hasValue("/rooms/lobby");
    JsonObject heard = ws.poll(Duration.ofSeconds(10));
    assertThat(heard).as("bob hears alice over the bridge").isNotNull();
    assertThat(heard.getJsonObject("body").getString("from")).isEqualTo("alice");
    assertThat(heard.getJsonObject("body").getJsonObject("data").getString("text")).isEqualTo("<script>alert(1)</script>");

    HttpResponse<String> byJson = alice.send(alice.request("/rooms/lobby/messages")
        .header("Authorization", "Bearer " + alice.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"by json\"}")));
    assertThat(byJson.statusCode()).isEqualTo(200);
    long seq = new JsonObject(byJson.body()).getLong("seq");

    JsonArray history = new JsonObject(bob.get("/rooms/lobby/messages?since=0").body()).getJsonArray("messages");
    assertThat(history).extracting(m -> ((JsonObject) m).getJsonObject("data").getString("text"))
        .containsExactly("<script>alert(1)</script>", "by json");
    assertThat(history.getJsonObject(1).getLong("seq")).isEqualTo(seq);
    assertThat(bob.get("/rooms/lobby").body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)</script>");
    ws.close();
  }

  @Test
  void theEventStreamResumesAfterLastEventId() throws Exception {
    SquallClient alice = login("alice", "alice-secret");
    for (String text : new String[] {"one", "two", "three"}) {
      assertThat(form(alice, "/rooms/lobby/messages", "/rooms/lobby", "text", text).statusCode()).isEqualTo(303);
    }

    HttpResponse<Stream<String>> events = alice.send(alice.request("/rooms/lobby/events")
        .header("Last-Event-ID", "1"), HttpResponse.BodyHandlers.ofLines());

    assertThat(events.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    List<String> lines = new ArrayList<>();
    try (Stream<String> stream = events.body()) {
      // the stream stays open after these lines: the read is bounded, and closing the stream ends it
      CompletableFuture.runAsync(() -> {
        Iterator<String> it = stream.iterator();
        while (lines.stream().filter(l -> l.startsWith("data: ")).count() < 2 && it.hasNext()) {
          lines.add(it.next());
        }
      }).get(10, TimeUnit.SECONDS);
    }
    assertThat(lines).contains("id: 2", "id: 3").noneMatch(l -> l.equals("id: 1"));
    assertThat(lines.stream().filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6)))
        .map(m -> m.getJsonObject("data").getString("text"))).containsExactly("two", "three");
  }

  @Test
  void postingWithoutTheXsrfTokenIsRefused() throws Exception {
    SquallClient alice = login("alice", "alice-secret");

    HttpResponse<String> forged = alice.postForm("/rooms/lobby/messages", Map.of("text", "csrf"), false);

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(alice.get("/rooms/lobby/messages?since=0").body()).getJsonArray("messages")).isEmpty();
  }
}
