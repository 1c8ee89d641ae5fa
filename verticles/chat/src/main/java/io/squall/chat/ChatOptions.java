package io.squall.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The chat verticle's {@code config()}. Every key, its default and an example: verticles/chat/README.md. */
public class ChatOptions {

  public static final List<String> DEFAULT_ROOMS = List.of("lobby", "random");
  public static final boolean DEFAULT_OPEN_ROOMS = true;
  public static final boolean DEFAULT_GUESTS = false;
  public static final int DEFAULT_MAX_LENGTH = 2000;
  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final long DEFAULT_TIMEOUT = 10_000;

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

  /** @throws IllegalArgumentException naming the first bad key */
  void validate() {
    for (String room : rooms) {
      if (!Rooms.isName(room)) {
        throw new IllegalArgumentException("chat: rooms: '" + room + "' is not a room name (" + Rooms.PATTERN + ")");
      }
    }
    if (maxLength < 1 || pageSize < 1 || pageSize > 1000 || timeout < 1) {
      throw new IllegalArgumentException("chat: maxLength and timeout must be positive, pageSize 1..1000");
    }
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
