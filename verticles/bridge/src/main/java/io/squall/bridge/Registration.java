package io.squall.bridge;

import io.squall.platform.Addresses;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/**
 * One address a socket listens to. For a channel ({@code channel.<name>}, whose messages carry a sequence number)
 * it also remembers the last sequence number the socket got, so the socket sees each message once and in order,
 * and while the socket catches up from history ({@code since}), the live messages that arrive meanwhile.
 */
final class Registration {

  /**
   * The highest seq a channel message or a {@code since} may carry: the largest integer a browser's JSON number holds
   * exactly (2^53 - 1). Seqs count one per message from 1, so no channel gets there; a {@code since} above it names no
   * message and is answered with {@code reload} without reading history, and nothing here adds 1 to a value that
   * could overflow.
   */
  static final long MAX_SEQ = (1L << 53) - 1;

  final String address;
  /** The channel name, or null when the address is not a channel's message stream. */
  final String channel;
  long last = -1;
  /** Live frames held while history is being replayed, by seq (a null frame: a seq with nothing to deliver). */
  TreeMap<Long, String> held;
  /**
   * Told {@code reload} (its resume could not be served): from then on it takes what comes, in order, and never reads
   * history again. A failed read is not retried: retrying at once is what turned one bad {@code since} into a loop.
   */
  boolean reloaded;

  Registration(String address) {
    this.address = address;
    this.channel = channelOf(address);
  }

  static String channelOf(String address) {
    return address.startsWith(Addresses.CHANNEL_PREFIX) && !address.endsWith(Addresses.PRESENCE_SUFFIX)
        && address.length() > Addresses.CHANNEL_PREFIX.length() ? address.substring(Addresses.CHANNEL_PREFIX.length()) : null;
  }

  /**
   * A {@code since} header: a number or a numeric string, -1 for anything else ("no resume"). A number too big for a
   * long (1e300, or digits past 2^63) is {@link Long#MAX_VALUE}, never wrapped to a small one.
   */
  static long seq(Object since) {
    if (since instanceof Long || since instanceof Integer) {
      return Math.max(-1, ((Number) since).longValue());
    }
    if (since instanceof Number n) {
      // BigInteger.longValue() keeps the low 64 bits; a double cast saturates instead
      return Math.max(-1, (long) n.doubleValue());
    }
    if (since instanceof String s) {
      String digits = s.trim();
      try {
        return Math.max(-1, Long.parseLong(digits));
      } catch (NumberFormatException e) {
        return digits.matches("\\+?[0-9]+") ? Long.MAX_VALUE : -1;
      }
    }
    return -1;
  }

  /** The seq of a channel message, or -1 when it has none the bridge can order by (missing, not a number, too big). */
  static long seqOf(Object body) {
    Object seq = body instanceof JsonObject json ? json.getValue("seq") : null;
    return (seq instanceof Long || seq instanceof Integer) && ((Number) seq).longValue() >= 0
        && ((Number) seq).longValue() <= MAX_SEQ ? ((Number) seq).longValue() : -1;
  }

  void hold(long seq, String frame) {
    if (held == null) {
      held = new TreeMap<>();
    }
    held.put(seq, frame);
  }
}
