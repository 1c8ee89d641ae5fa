package io.squall.bridge;

import io.squall.platform.Addresses;
import java.util.ArrayList;
import java.util.List;

/**
 * One address a socket listens to. For a channel ({@code channel.<name>}, whose messages carry a sequence number)
 * it also remembers the last sequence number the socket got, so the socket sees each message once and in order,
 * and while the socket catches up from history ({@code since}), the live messages that arrive meanwhile.
 */
final class Registration {

  final String address;
  /** The channel name, or null when the address is not a channel's message stream. */
  final String channel;
  long last = -1;
  /** Live frames held while history is being replayed: seq and frame, in arrival order; null when live. */
  List<Object[]> held;

  Registration(String address) {
    this.address = address;
    this.channel = channelOf(address);
  }

  static String channelOf(String address) {
    return address.startsWith(Addresses.CHANNEL_PREFIX) && !address.endsWith(Addresses.PRESENCE_SUFFIX)
        && address.length() > Addresses.CHANNEL_PREFIX.length() ? address.substring(Addresses.CHANNEL_PREFIX.length()) : null;
  }

  /** A {@code since} header: a number or a numeric string; anything else means "no resume". */
  static long seq(Object since) {
    if (since instanceof Number n) {
      return Math.max(-1, n.longValue());
    }
    if (since instanceof String s) {
      try {
        return Math.max(-1, Long.parseLong(s.trim()));
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  void hold(long seq, String frame) {
    if (held == null) {
      held = new ArrayList<>();
    }
    held.add(new Object[] {seq, frame});
  }
}
