package io.squall.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The event bus bridge frames bench/run ws-fanout and ws-idle speak (JSON text frames over a raw WebSocket), as the
 * load client writes and reads them. The body of every broadcast is {@code {"t":<epoch micros>,
 * "seq":<n>,"pad":"xx..."}} padded to exactly the payload size when encoded compactly; probes (sent until every
 * subscriber has one, then ignored) carry a negative seq.
 *
 * <p>The client reads {@code type}, {@code t} and {@code seq} straight from the received bytes instead of parsing
 * each frame as JSON: at 100,000 frames a second on a core it shares, a full parse would measure the client.
 * The scanner tolerates whitespace after the colons (Python's json.dumps default) and any key order.
 */
final class WsFrames {

  static final String PING = "{\"type\":\"ping\"}";

  private WsFrames() {
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  static String register(String address) {
    return new JsonObject().put("type", "register").put("address", address).encode();
  }

  /** A body of exactly {@code payload} bytes (or the smallest possible, when payload is too small to pad). */
  static JsonObject body(long tMicros, long seq, int payload) {
    JsonObject body = new JsonObject().put("t", tMicros).put("seq", seq).put("pad", "");
    int pad = payload - body.encode().length();
    return pad > 0 ? body.put("pad", "x".repeat(pad)) : body;
  }

  static String publish(String address, JsonObject body) {
    return new JsonObject().put("type", "publish").put("address", address).put("body", body).encode();
  }

  // --- scanning received frames ------------------------------------------------------------------------------------

  /**
   * The position just after {@code "key"} and its colon in b[from, to), or -1. Finds the first occurrence of the
   * quoted key.
   */
  static int valueStart(byte[] b, int from, int n, byte[] quotedKey) {
    int last = n - quotedKey.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int k = 0; k < quotedKey.length; k++) {
        if (b[i + k] != quotedKey[k]) {
          continue outer;
        }
      }
      int j = i + quotedKey.length;
      while (j < n && isSpace(b[j])) {
        j++;
      }
      if (j >= n || b[j] != ':') {
        continue;
      }
      j++;
      while (j < n && isSpace(b[j])) {
        j++;
      }
      return j;
    }
    return -1;
  }

  /** The integer value of {@code "key"} in b[from, to), or Long.MIN_VALUE when it is missing or not an integer. */
  static long longValue(byte[] b, int from, int to, byte[] quotedKey) {
    int i = valueStart(b, from, to, quotedKey);
    if (i < 0 || i >= to) {
      return Long.MIN_VALUE;
    }
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    long v = 0;
    int digits = 0;
    for (; i < to; i++, digits++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    return digits == 0 ? Long.MIN_VALUE : negative ? -v : v;
  }

  /** True when {@code "key"}'s value in b[from, to) is the string {@code "value"} (given with its quotes). */
  static boolean stringValueIs(byte[] b, int from, int to, byte[] quotedKey, byte[] quotedValue) {
    int i = valueStart(b, from, to, quotedKey);
    if (i < 0 || i + quotedValue.length > to) {
      return false;
    }
    for (int k = 0; k < quotedValue.length; k++) {
      if (b[i + k] != quotedValue[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  static byte[] quoted(String s) {
    return ("\"" + s + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Why a received rec frame is not what the contenders agreed on (type rec, the address, a body that re-encodes
   * compactly to exactly the payload size with t, seq and pad), or null when it is.
   */
  static String problem(Buffer frame, String address, int payload) {
    JsonObject json;
    try {
      json = new JsonObject(frame);
    } catch (RuntimeException e) {
      return "not a JSON object: " + abbreviate(frame.toString());
    }
    if (!"rec".equals(json.getString("type"))) {
      return "type is not rec: " + abbreviate(frame.toString());
    }
    if (!address.equals(json.getString("address"))) {
      return "address is not " + address + ": " + abbreviate(frame.toString());
    }
    Object body = json.getValue("body");
    if (!(body instanceof JsonObject)) {
      return "body is not an object: " + abbreviate(frame.toString());
    }
    JsonObject o = (JsonObject) body;
    if (!(o.getValue("t") instanceof Number) || !(o.getValue("seq") instanceof Number)
        || !(o.getValue("pad") instanceof String)) {
      return "body lacks t, seq or pad: " + abbreviate(frame.toString());
    }
    int len = o.encode().length();
    if (len != payload && payload > 40) {
      return "body is " + len + " bytes re-encoded, expected " + payload + ": " + abbreviate(frame.toString());
    }
    return null;
  }

  static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }
}
