package io.squall.chat;

import io.squall.platform.Addresses;
import io.squall.platform.ConfigKeys;
import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.squall.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tornado's chat demo, for any number of nodes: a room is the channel {@code room.<name>} (history, order and
 * presence come from the channels service), and this verticle is the room's rules:
 * <ul>
 *   <li>{@code chat.post} {@code {room, text}} from a logged-in user (the {@code squall-user} header the http
 *       verticle or the bridge sets): plain text, trimmed, 1 to {@code maxLength} characters; replies {@code {seq}}
 *       once stored; with an {@code idempotency-key} header, a repeat of the post is stored once and gets the
 *       first one's seq;</li>
 *   <li>{@code chat.room} {@code {path: {room}}}: a room page's data (the last {@code pageSize} messages,
 *       {@code last_seq} to resume from, who is here);</li>
 *   <li>{@code chat.history} {@code {room, since?}}: messages as JSON; {@code chat.rooms}: the room list.</li>
 * </ul>
 * Text is stored as given and escaped where it is shown (templates and chat.js), never here.
 */
public class ChatVerticle extends VerticleBase {

  /** The keys of its config, checked by {@code squall check} and {@code squall run} (README.md's table). */
  public static final ConfigKeys CONFIG = ChatOptions.KEYS;

  private static final Logger log = LoggerFactory.getLogger(ChatVerticle.class);

  private ChatOptions options;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  @Override
  public Future<?> start() {
    try {
      options = new ChatOptions(CONFIG.validate("chat", config()));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    consume("chat.rooms", msg -> Future.succeededFuture(new JsonObject().put("rooms", new JsonArray(new ArrayList<>(options.getRooms())))));
    consume("chat.room", this::page);
    consume("chat.post", this::post);
    consume("chat.history", this::history);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .onSuccess(v -> log.info("chat: rooms {}{}", options.getRooms(), options.isOpenRooms() ? " (and any other name)" : ""));
  }

  private void consume(String address, Function<Message<JsonObject>, Future<JsonObject>> handler) {
    consumers.add(Replies.consumer(vertx, address, handler, log));
  }

  private String room(Object value) {
    String room = value instanceof String s ? s : null;
    if (!Rooms.isName(room)) {
      throw Failures.badRequest("a room name is 1 to 40 of a-z, 0-9 and - (starting with a letter or digit)");
    }
    if (!options.isOpenRooms() && !options.getRooms().contains(room)) {
      throw Failures.notFound("there is no room " + room);
    }
    return room;
  }

  private Future<JsonObject> page(Message<JsonObject> msg) {
    JsonObject path = msg.body().getJsonObject("path", new JsonObject());
    String room = room(path.getValue("room"));
    Future<JsonObject> recent = read(Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", Rooms.channel(room))
        .put("limit", options.getPageSize()));
    Future<JsonObject> here = read(Addresses.CHANNELS_PRESENCE, new JsonObject().put("channel", Rooms.channel(room)))
        .otherwise(new JsonObject().put("members", new JsonArray()));
    return Future.all(recent, here).map(both -> {
      JsonArray messages = recent.result().getJsonArray("messages", new JsonArray());
      long last = messages.isEmpty() ? 0 : messages.getJsonObject(messages.size() - 1).getLong("seq");
      return new JsonObject().put("room", room).put("messages", messages).put("last_seq", last)
          .put("members", here.result().getJsonArray("members", new JsonArray()))
          .put("bridge_url", options.getBridgeUrl());
    });
  }

  private Future<JsonObject> post(Message<JsonObject> msg) {
    String user = msg.headers().get(Addresses.HEADER_USER);
    JsonObject body = msg.body();
    String room = room(body.getValue("room"));
    String from = user;
    if (user == null) {
      if (!options.isGuests()) {
        return Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED, "log in to post"));
      }
      String nick = body.getValue("nick") instanceof String n ? n.strip() : "";
      from = "guest " + (Rooms.isName(nick.toLowerCase(java.util.Locale.ROOT)) ? nick : "anonymous");
    }
    String text = body.getValue("text") instanceof String t ? t.strip() : "";
    if (text.isEmpty()) {
      return Future.failedFuture(Failures.badRequest("the message is empty"));
    }
    if (text.codePointCount(0, text.length()) > options.getMaxLength()) {
      return Future.failedFuture(Failures.of(Failures.TOO_LARGE, "a message has at most " + options.getMaxLength()
          + " characters"));
    }
    JsonObject publish = new JsonObject().put("channel", Rooms.channel(room)).put("data", new JsonObject().put("text", text));
    if (user == null) {
      publish.put("from", from);
    }
    // the client's idempotency key (chat.js sends one per message): a post sent twice, by the client or by a node
    // retrying it after another died, is stored once
    String key = msg.headers().get(Addresses.HEADER_IDEMPOTENCY_KEY);
    if (key != null) {
      publish.put("id", key);
    }
    // the verified identity travels on: the channels service takes `from` from it, never from a body
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(options.getTimeout());
    if (user != null) {
      delivery.addHeader(Addresses.HEADER_USER, user);
      delivery.addHeader(Addresses.HEADER_ROLES, msg.headers().get(Addresses.HEADER_ROLES) == null ? ""
          : msg.headers().get(Addresses.HEADER_ROLES));
    }
    Future<Message<JsonObject>> stored = key != null
        ? Requests.retryable(vertx, Addresses.CHANNELS_PUBLISH, publish, delivery)
        : Requests.request(vertx, Addresses.CHANNELS_PUBLISH, publish, delivery);
    return stored.map(reply -> new JsonObject().put("seq", reply.body().getLong("seq")));
  }

  private Future<JsonObject> history(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String room = room(body.getValue("room"));
    JsonObject ask = new JsonObject().put("channel", Rooms.channel(room)).put("limit", options.getPageSize());
    Object since = body.getValue("since");
    if (since != null) {
      ask.put("since", since);
    }
    return read(Addresses.CHANNELS_HISTORY, ask);
  }

  /** A read of the channels service (history, presence): safe to send again if its node dies. */
  private Future<JsonObject> read(String address, JsonObject body) {
    return Requests.<JsonObject>retryable(vertx, address, body, options.getTimeout()).map(Message::body);
  }
}
