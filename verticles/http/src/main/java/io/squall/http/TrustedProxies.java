package io.squall.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code trustedProxies} setting: IP addresses ({@code 10.0.0.7}, {@code ::1}) and CIDR ranges
 * ({@code 10.0.0.0/8}, {@code fd00::/8}). Only literals are accepted, so nothing here ever asks DNS. IPv4-mapped
 * IPv6 addresses ({@code ::ffff:10.0.0.7}) are the IPv4 address they carry, on both sides of the comparison.
 */
final class TrustedProxies {

  private record Network(byte[] base, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != base.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != base[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[full] & mask) == (base[full] & mask);
    }
  }

  private final List<Network> networks;

  private TrustedProxies(List<Network> networks) {
    this.networks = networks;
  }

  /**
   * What is wrong with one {@code trustedProxies} entry, or null: the config check ({@link HttpOptions#KEYS}) refuses
   * such an entry before the verticle starts.
   */
  static String problem(String entry) {
    return network(entry == null ? "" : entry.trim()) != null ? null
        : "'" + entry + "' is not an IP address or CIDR range (10.0.0.7, 10.0.0.0/8, ::1, fd00::/8)";
  }

  /** @throws IllegalArgumentException naming the first entry that is neither an IP address nor a CIDR range */
  static TrustedProxies parse(List<String> entries) {
    List<Network> networks = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Network network = network(entries.get(i) == null ? "" : entries.get(i).trim());
      if (network == null) {
        // only a caller that skipped the config check gets here (HttpVerticle checks its config at start)
        throw new IllegalArgumentException("trustedProxies[" + i + "]: " + problem(entries.get(i)));
      }
      networks.add(network);
    }
    return new TrustedProxies(List.copyOf(networks));
  }

  boolean isEmpty() {
    return networks.isEmpty();
  }

  boolean trusts(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] bytes = address.getAddress();
    for (Network n : networks) {
      if (n.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  private static Network network(String entry) {
    int slash = entry.indexOf('/');
    String literal = slash < 0 ? entry : entry.substring(0, slash);
    boolean v6Syntax = literal.indexOf(':') >= 0;
    InetAddress address = literal(literal);
    if (address == null) {
      return null;
    }
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = entry.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      prefix = Integer.parseInt(p);
      if (v6Syntax && address instanceof Inet4Address) {
        // ::ffff:10.0.0.0/104 is 10.0.0.0/8
        prefix -= 96;
      }
      if (prefix < 0 || prefix > bits) {
        return null;
      }
    }
    return new Network(address.getAddress(), prefix);
  }

  /**
   * An IP address written as a literal, or null. IPv4 must be four decimal parts without leading zeros
   * ({@code 010.0.0.1} is refused: some parsers read it as octal); IPv6 may carry a zone ({@code fe80::1%eth0}),
   * which is dropped. Never resolves a name.
   */
  static InetAddress literal(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      byte[] v4 = ipv4(s);
      try {
        return v4 == null ? null : InetAddress.getByAddress(v4);
      } catch (UnknownHostException e) {
        return null;
      }
    }
    int zone = s.indexOf('%');
    String v6 = zone < 0 ? s : s.substring(0, zone);
    if (v6.isEmpty() || !(v6.charAt(0) == ':' || Character.digit(v6.charAt(0), 16) >= 0)) {
      return null;
    }
    for (int i = 0; i < v6.length(); i++) {
      char c = v6.charAt(i);
      if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 0x80)) {
        return null;
      }
    }
    try {
      // A string that starts with a hex digit or ':' and contains ':' is parsed as an IPv6 literal, never looked
      // up: the JDK throws "invalid IPv6 address" instead.
      return InetAddress.getByName(v6);
    } catch (UnknownHostException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || p.length() > 1 && p.charAt(0) == '0'
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /**
   * One X-Forwarded-For / X-Real-IP entry as an address, or null: {@code 203.0.113.7}, {@code 203.0.113.7:4711},
   * {@code 2001:db8::1}, {@code [2001:db8::1]} and {@code [2001:db8::1]:4711} are understood; {@code unknown},
   * obfuscated identifiers and anything else are not.
   */
  static InetAddress hop(String hop) {
    String h = hop.trim();
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0 || !(close == h.length() - 1 || h.charAt(close + 1) == ':' && port(h.substring(close + 2)))) {
        return null;
      }
      return literal(h.substring(1, close));
    }
    int colon = h.indexOf(':');
    if (colon >= 0 && colon == h.lastIndexOf(':') && port(h.substring(colon + 1))) {
      return literal(h.substring(0, colon)); // IPv4 with a port
    }
    return literal(h);
  }

  private static boolean port(String s) {
    return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
