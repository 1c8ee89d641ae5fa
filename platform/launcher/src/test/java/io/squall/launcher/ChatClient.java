package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in chat user over HTTP, keeping cookies as a browser does (session and {@code _xsrf}). */
final class ChatClient {

  private static final Pattern XSRF = Pattern.compile("name=\"_xsrf\" value=\"([^\"]+)\"");
  private static final HttpClient PLAIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final CookieManager cookies = new CookieManager();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;

  private ChatClient(String base) {
    this.base = base;
  }

  /** Signs in through the login form (XSRF field included), as alice. */
  static ChatClient login(String base) throws Exception {
    ChatClient c = new ChatClient(base);
    Matcher m = XSRF.matcher(c.http.send(c.get("/login"), HttpResponse.BodyHandlers.ofString()).body());
    assertThat(m.find()).as("the login page has an _xsrf field").isTrue();
    String form = "_xsrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)
        + "&username=alice&password=alice-secret&next=/";
    HttpResponse<String> login = c.http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as("login").isEqualTo(303);
    return c;
  }

  /** The session's bearer token ({@code GET /auth/token}), for the bridge and for scripts. */
  String token() throws Exception {
    HttpResponse<String> r = http.send(get("/auth/token"), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET /auth/token: %s", r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("token");
  }

  /**
   * Posts to a room on the strength of the session cookie alone (with the {@code _xsrf} cookie's token as the
   * header, as chat.js does), so a lost session shows as a failed post.
   */
  HttpResponse<String> post(String room, String text) throws Exception {
    return post(room, text, null);
  }

  /** As {@link #post(String, String)}, with an {@code Idempotency-Key} when {@code key} is not null. */
  HttpResponse<String> post(String room, String text, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/rooms/" + room + "/messages"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .header("X-XSRFToken", cookie("_xsrf"));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", text).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One page of a room's history after {@code since}. */
  HttpResponse<String> history(String room, long since) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/rooms/" + room + "/messages?since=" + since))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every seq in a room's history, page by page. */
  Set<Long> allSeqs(String room) throws Exception {
    Set<Long> seqs = new TreeSet<>();
    allMessages(room).forEach(m -> seqs.add(m.getLong("seq")));
    return seqs;
  }

  /** Every message in a room's history, oldest first, page by page. */
  List<JsonObject> allMessages(String room) throws Exception {
    List<JsonObject> messages = new ArrayList<>();
    long since = 0;
    while (true) {
      HttpResponse<String> r = history(room, since);
      assertThat(r.statusCode()).as("history: %s", r.body()).isEqualTo(200);
      JsonArray page = new JsonObject(r.body()).getJsonArray("messages");
      if (page.isEmpty()) {
        return messages;
      }
      for (Object m : page) {
        messages.add((JsonObject) m);
        since = ((JsonObject) m).getLong("seq");
      }
    }
  }

  HttpClient http() {
    return http;
  }

  private String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie"));
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
  }

  /** Status of a plain GET, or -1 when nothing answers. */
  static int status(String url) {
    try {
      return PLAIN.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
