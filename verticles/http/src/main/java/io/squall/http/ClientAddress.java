package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The client's address and scheme. {@code X-Forwarded-For}, {@code X-Real-IP} and {@code X-Forwarded-Proto} are
 * believed only when the connection comes from a configured proxy, and then the right-most address that is not
 * itself a proxy is the client (a client can put anything in front of the list).
 */
final class ClientAddress implements Handler<RoutingContext> {

  static final String IP = "squall.client.ip";
  static final String SCHEME = "squall.client.scheme";

  private final List<String> trustedProxies;

  ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String peer = remote == null ? "" : remote.hostAddress();
    String ip = peer;
    String scheme = ctx.request().isSSL() ? "https" : "http";
    if (trusted(peer)) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      String realIp = ctx.request().getHeader("X-Real-IP");
      if (forwarded != null) {
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
          String hop = hops[i].trim();
          if (!hop.isEmpty()) {
            ip = hop;
            if (!trusted(hop)) {
              break;
            }
          }
        }
      } else if (realIp != null && !realIp.isBlank()) {
        ip = realIp.trim();
      }
      String proto = ctx.request().getHeader("X-Forwarded-Proto");
      if ("https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto)) {
        scheme = proto.toLowerCase(java.util.Locale.ROOT);
      }
    }
    ctx.put(IP, ip);
    ctx.put(SCHEME, scheme);
    ctx.next();
  }

  private boolean trusted(String address) {
    return trustedProxies.contains(address);
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
}
