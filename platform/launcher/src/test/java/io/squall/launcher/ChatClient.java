package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A signed-in chat user over HTTP ({@link SquallClient}: cookies as a browser keeps them, session and _xsrf). */
final class ChatClient {

  private final SquallClient client;

  private ChatClient(SquallClient client) {
    this.client = client;
  }

  /** Signs in through the login form (XSRF field included), as alice. */
  static ChatClient login(String base) {
    return new ChatClient(SquallClient.to(base).login("alice", "alice-secret"));
  }

  /** The session's bearer token ({@code GET /auth/token}), for the bridge and for scripts. */
  String token() {
    return client.token();
  }

  /**
   * Posts to a room on the strength of the session cookie alone (with the {@code _xsrf} cookie's token as the
   * header, as chat.js does), so a lost session shows as a failed post.
   */
  HttpResponse<String> post(String room, String text) {
    return post(room, text, null);
  }

  /** As {@link #post(String, String)}, with an {@code Idempotency-Key} when {@code key} is not null. */
  HttpResponse<String> post(String room, String text, String key) {
    HttpRequest.Builder request = client.request("/rooms/" + room + "/messages")
        .header("Content-Type", "application/json")
        .header(SquallClient.XSRF_HEADER, client.cookie(SquallClient.XSRF_COOKIE));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return client.send(request.POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", text).encode())));
  }

  /** One page of a room's history after {@code since}. */
  HttpResponse<String> history(String room, long since) {
    return client.get("/rooms/" + room + "/messages?since=" + since);
  }

  /** Every seq in a room's history, page by page. */
  Set<Long> allSeqs(String room) {
    Set<Long> seqs = new TreeSet<>();
    allMessages(room).forEach(m -> seqs.add(m.getLong("seq")));
    return seqs;
  }

  /** Every message in a room's history, oldest first, page by page. */
  List<JsonObject> allMessages(String room) {
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

  /** The user's client, for requests of its own. */
  SquallClient client() {
    return client;
  }
}
