package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * The client's address and scheme. {@code X-Forwarded-For}, {@code X-Real-IP} and {@code X-Forwarded-Proto} are
 * believed only when the connection comes from a configured proxy ({@link TrustedProxies}: addresses and CIDR
 * ranges). Then X-Forwarded-For is read from the right, across every header line, and the first hop that is not
 * itself a trusted proxy is the client: whatever a client writes in front of the list never wins. A hop that is not
 * an IP address stops the walk at the last trusted hop. Addresses are kept in Java's canonical text form (as Vert.x
 * reports peers), so one client always has one spelling.
 *
 * <p>Handlers read the results from the routing context: {@code ctx.get("squall.client.ip")} and
 * {@code ctx.get("squall.client.scheme")}.
 */
final class ClientAddress implements Handler<RoutingContext> {

  static final String IP = "squall.client.ip";
  static final String SCHEME = "squall.client.scheme";

  private final TrustedProxies proxies;

  /** @throws IllegalArgumentException naming an entry that is not an address or CIDR range */
  ClientAddress(List<String> trustedProxies) {
    this.proxies = TrustedProxies.parse(trustedProxies);
  }

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx);
    ctx.next();
  }

  /** The work of {@link #handle} without moving on: the router's front handler runs several in one step. */
  void apply(RoutingContext ctx) {
    if (proxies.isEmpty()) {
      return; // of() and scheme() read the connection itself: nothing to compute per request
    }
    SocketAddress remote = ctx.request().remoteAddress();
    String peer = remote == null ? "" : remote.hostAddress();
    String ip = peer;
    String scheme = ctx.request().isSSL() ? "https" : "http";
    InetAddress peerAddress = proxies.isEmpty() ? null : TrustedProxies.literal(peer);
    if (peerAddress != null && proxies.trusts(peerAddress)) {
      MultiMap headers = ctx.request().headers();
      ip = peerAddress.getHostAddress();
      List<String> forwarded = headers.getAll("X-Forwarded-For");
      if (!forwarded.isEmpty()) {
        // Several header lines are one list in order (RFC 9110 5.3): a proxy that adds its own line after the
        // client's must not lose to the client's.
        String[] hops = String.join(",", forwarded).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
          if (hops[i].isBlank()) {
            continue;
          }
          InetAddress hop = TrustedProxies.hop(hops[i]);
          if (hop == null) {
            break; // garbage: the last trusted hop is the best we know
          }
          ip = hop.getHostAddress();
          if (!proxies.trusts(hop)) {
            break;
          }
        }
      } else {
        List<String> realIps = headers.getAll("X-Real-IP");
        InetAddress real = realIps.isEmpty() ? null : TrustedProxies.hop(realIps.get(realIps.size() - 1));
        if (real != null) {
          ip = real.getHostAddress();
        }
      }
      List<String> protos = headers.getAll("X-Forwarded-Proto");
      if (!protos.isEmpty()) {
        String last = protos.get(protos.size() - 1);
        String proto = last.substring(last.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
        if (proto.equals("https") || proto.equals("http")) {
          scheme = proto;
        }
      }
    }
    ctx.put(IP, ip);
    ctx.put(SCHEME, scheme);
  }

  /** The client address computed for this request (the peer when the handler did not run). */
  static String of(RoutingContext ctx) {
    String ip = ctx.get(IP);
    if (ip != null) {
      return ip;
    }
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? "" : remote.hostAddress();
  }

  /** Whether the client used https (the connection's TLS when no trusted proxy reported a scheme). */
  static boolean https(RoutingContext ctx) {
    String scheme = ctx.get(SCHEME);
    if (scheme != null) {
      return scheme.equals("https");
    }
    // The connection, not ctx.request().isSSL(): Vert.x Web's request wrapper answers that by computing its whole
    // forwarded view of the request (host, port, absolute URI), which is most of the cost of this check.
    HttpConnection connection = ctx.request().connection();
    return connection != null && connection.isSsl();
  }
}
