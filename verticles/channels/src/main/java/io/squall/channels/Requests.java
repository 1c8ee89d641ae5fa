package io.squall.channels;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Reading request bodies: each method returns the value or throws a 400 {@code ReplyException} saying what is wrong. */
final class Requests {

  /** Channel names: safe in an event bus address, a Hazelcast name, a URL path segment and a log line. */
  static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
  static final int MAX_ID_LENGTH = 200;

  private Requests() {
  }

  static JsonObject body(Message<Object> message, String shape) {
    if (message.body() instanceof JsonObject body) {
      return body;
    }
    throw Failures.badRequest("a JSON object body " + shape + " is required");
  }

  static String channel(JsonObject body) {
    Object value = body.getValue("channel");
    if (!(value instanceof String name)) {
      throw Failures.badRequest("channel (a string) is required");
    }
    if (!CHANNEL.matcher(name).matches()) {
      throw Failures.badRequest("channel must be 1 to 200 of A-Z a-z 0-9 . _ : @ -");
    }
    // channel.<x>.presence carries x's join and leave events: a channel of that name would mix into them
    if (name.endsWith(Addresses.PRESENCE_SUFFIX)) {
      throw Failures.badRequest("channel names may not end with " + Addresses.PRESENCE_SUFFIX);
    }
    return name;
  }

  /** A required non-empty string of at most 200 characters (user, socket and node ids). */
  static String id(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_ID_LENGTH) {
      throw Failures.badRequest(key + " (a string of 1 to " + MAX_ID_LENGTH + " characters) is required");
    }
    return s;
  }

  /** A required string of 1 to 200 visible ASCII characters: a caller's idempotency key. */
  static String key(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value instanceof String s && !s.isEmpty() && s.length() <= MAX_ID_LENGTH
        && s.chars().allMatch(c -> c > ' ' && c <= '~')) {
      return s;
    }
    throw Failures.badRequest(key + " must be 1 to " + MAX_ID_LENGTH + " visible ASCII characters");
  }

  /**
   * An optional whole number in {@code [min, max]}, or {@code absent}. Digit strings count too: HTTP query parameters
   * arrive as strings.
   */
  static long wholeNumber(JsonObject body, String key, long min, long max, long absent) {
    Object value = body.getValue(key);
    if (value == null) {
      return absent;
    }
    long n;
    if (value instanceof Integer || value instanceof Long) {
      n = ((Number) value).longValue();
    } else if (value instanceof Number d && d.doubleValue() == Math.rint(d.doubleValue())
        && Math.abs(d.doubleValue()) < 1e15) {
      n = d.longValue();
    } else if (value instanceof String s && s.matches("[0-9]{1,18}")) {
      n = Long.parseLong(s);
    } else {
      throw Failures.badRequest(key + " must be a whole number");
    }
    if (n < min || n > max) {
      throw Failures.badRequest(key + " must be between " + min + " and " + max);
    }
    return n;
  }
}
