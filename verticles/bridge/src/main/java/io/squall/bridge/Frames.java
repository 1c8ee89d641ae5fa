package io.squall.bridge;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * The frames the bridge writes, in the Vert.x event bus bridge protocol ({@code rec}, {@code err}) that
 * {@code @vertx/eventbus-bridge-client.js} reads, plus {@code reconnect} (this node is going away: reconnect now).
 */
final class Frames {

  private Frames() {
  }

  static String rec(String address, Object body, MultiMap headers, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "rec").put("address", address).put("body", body);
    if (replyAddress != null) {
      frame.put("replyAddress", replyAddress);
    }
    if (headers != null && !headers.isEmpty()) {
      JsonObject copy = new JsonObject();
      headers.forEach(h -> copy.put(h.getKey(), h.getValue()));
      frame.put("headers", copy);
    }
    return frame.encode();
  }

  /** A refusal the client's {@code onerror} sees: {@code {"type":"err","body":"<reason>"}}. */
  static String err(String reason) {
    return new JsonObject().put("type", "err").put("body", reason).encode();
  }

  /**
   * A failure for an address the client waits on (its reply address, or an address it registered): the standard
   * client hands {@code {failureCode, failureType, message}} to that address's callback.
   */
  static String failure(String address, int code, String type, String message) {
    return new JsonObject().put("type", "err").put("address", address).put("failureCode", code)
        .put("failureType", type).put("message", message).put("body", message).encode();
  }

  static String lagged(int dropped) {
    return new JsonObject().put("type", "err").put("body", "lagged").put("dropped", dropped).encode();
  }

  /** The close reason that goes with {@link #reconnect()}. */
  static final String GOING_AWAY = "server shutting down";

  static String reconnect() {
    return "{\"type\":\"reconnect\"}";
  }
}
