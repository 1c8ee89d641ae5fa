package io.squall.chat;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The chat verticle's {@code config()}. Every key, its default and an example: verticles/chat/README.md. */
public class ChatOptions {

  public static final List<String> DEFAULT_ROOMS = List.of("lobby", "random");
  public static final boolean DEFAULT_OPEN_ROOMS = true;
  public static final boolean DEFAULT_GUESTS = false;
  public static final int DEFAULT_MAX_LENGTH = 2000;
  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final long DEFAULT_TIMEOUT = 10_000;
  /** The largest page: the channels verticle's own ceiling for one history read. */
  public static final int MAX_PAGE_SIZE = 1000;
  private static final String ROOM_NAME = "1 to 40 of a-z, 0-9 and -, starting with a letter or digit";

  /** Every key of the chat verticle's config; verticles/chat/README.md's table is generated from these. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.strings("rooms", DEFAULT_ROOMS, "The rooms listed on /, each a valid room name (the packaged"
          + " descriptor: lobby, random, squall)").pattern(Rooms.PATTERN, "a room name: " + ROOM_NAME),
      ConfigKey.bool("openRooms", DEFAULT_OPEN_ROOMS, "Any valid room name (" + ROOM_NAME + ") is a room; false:"
          + " only rooms (others 404). Each room posted to is a channel: at most the channels verticle's maxChannels"
          + " (5000) at once, a room quiet for its historyTtl (an hour) is destroyed, and a post that would open one"
          + " room too many gets 503"),
      ConfigKey.bool("guests", DEFAULT_GUESTS, "Accept posts without a user, as 'guest' and their nick (routes"
          + " must then drop auth: true)"),
      ConfigKey.integer("maxLength", DEFAULT_MAX_LENGTH, 1, Integer.MAX_VALUE, "Characters per message (413 above)"),
      ConfigKey.integer("pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, "Messages on a room page and per history"
          + " request (at most " + MAX_PAGE_SIZE + ")"),
      ConfigKey.duration("timeout", Duration.ofMillis(DEFAULT_TIMEOUT), TimeUnit.MILLISECONDS, "Wait for the channels"
          + " service (publish, history, presence)").range(1, Long.MAX_VALUE),
      ConfigKey.string("bridgeUrl", null, "Where room pages open the bridge (its SockJS URL, e.g."
          + " https://chat.example/eventbus behind a load balancer); none: the page's host, next port (8080 -> 8081)"));

  private List<String> rooms = new ArrayList<>(DEFAULT_ROOMS);
  private boolean openRooms = DEFAULT_OPEN_ROOMS;
  private boolean guests = DEFAULT_GUESTS;
  private int maxLength = DEFAULT_MAX_LENGTH;
  private int pageSize = DEFAULT_PAGE_SIZE;
  private long timeout = DEFAULT_TIMEOUT;
  private String bridgeUrl;

  public ChatOptions() {
  }

  public ChatOptions(ChatOptions other) {
    this(other.toJson());
  }

  public ChatOptions(JsonObject json) {
    json = KEYS.normalize(json);
    rooms = new ArrayList<>();
    json.getJsonArray("rooms", new JsonArray(DEFAULT_ROOMS)).forEach(r -> rooms.add(String.valueOf(r)));
    openRooms = json.getBoolean("openRooms", DEFAULT_OPEN_ROOMS);
    guests = json.getBoolean("guests", DEFAULT_GUESTS);
    maxLength = json.getInteger("maxLength", DEFAULT_MAX_LENGTH);
    pageSize = json.getInteger("pageSize", DEFAULT_PAGE_SIZE);
    timeout = json.getLong("timeout", DEFAULT_TIMEOUT);
    bridgeUrl = json.getString("bridgeUrl");
  }

  public JsonObject toJson() {
    return new JsonObject().put("rooms", new JsonArray(new ArrayList<>(rooms))).put("openRooms", openRooms)
        .put("guests", guests).put("maxLength", maxLength).put("pageSize", pageSize).put("timeout", timeout)
        .put("bridgeUrl", bridgeUrl);
  }

  public List<String> getRooms() {
    return rooms;
  }

  public ChatOptions setRooms(List<String> rooms) {
    this.rooms = rooms;
    return this;
  }

  public boolean isOpenRooms() {
    return openRooms;
  }

  public ChatOptions setOpenRooms(boolean openRooms) {
    this.openRooms = openRooms;
    return this;
  }

  public boolean isGuests() {
    return guests;
  }

  public ChatOptions setGuests(boolean guests) {
    this.guests = guests;
    return this;
  }

  public int getMaxLength() {
    return maxLength;
  }

  public ChatOptions setMaxLength(int maxLength) {
    this.maxLength = maxLength;
    return this;
  }

  public int getPageSize() {
    return pageSize;
  }

  public ChatOptions setPageSize(int pageSize) {
    this.pageSize = pageSize;
    return this;
  }

  public long getTimeout() {
    return timeout;
  }

  public ChatOptions setTimeout(long timeout) {
    this.timeout = timeout;
    return this;
  }

  /**
   * Where room pages open the bridge (the SockJS URL, e.g. {@code https://chat.example/eventbus} behind a load
   * balancer); null: the page's own host, next port (8080 -> 8081).
   */
  public String getBridgeUrl() {
    return bridgeUrl;
  }

  public ChatOptions setBridgeUrl(String bridgeUrl) {
    this.bridgeUrl = bridgeUrl;
    return this;
  }
}
