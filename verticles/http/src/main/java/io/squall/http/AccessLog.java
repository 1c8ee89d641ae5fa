package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@code squall.http.access}:
 * {@code <client> <method> <uri> <status> <bytes>B <ms>ms}, with the client address as {@link ClientAddress}
 * established it (not the proxy's) and the body bytes sent.
 *
 * <p>What a log must not hold stays out: no request headers at all (so never Authorization or cookies), and in the
 * query the value of every key whose name contains {@code password}, {@code token} or {@code secret} (any case,
 * percent-encoded or not) is written {@code ***}. The line cannot be split or disguised: control characters (CR, LF,
 * and the rest of C0 and C1), DEL and the backslash are written as {@code \r}, {@code \n}, {@code \xNN}, {@code \\}.
 */
final class AccessLog implements Handler<RoutingContext> {

  static final String LOGGER = "squall.http.access";
  static final String MASK = "***";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final String[] SECRET_KEYS = {"password", "token", "secret"};

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx);
    ctx.next();
  }

  /** The work of {@link #handle} without moving on: the router's front handler runs several in one step. */
  void apply(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(v -> {
      if (log.isInfoEnabled()) {
        log.info(line(ClientAddress.of(ctx), ctx.request().method().name(), ctx.request().uri(),
            ctx.response().getStatusCode(), ctx.response().bytesWritten(), (System.nanoTime() - start) / 1_000_000));
      }
    });
  }

  /**
   * For {@code HttpServer.invalidRequestHandler}: answers a request Netty could not parse (400, 414, 431, 505 as
   * {@link RequestHygiene#answerInvalid} does), then logs it with the peer's address (its headers are not to be believed).
   */
  static void invalid(HttpServerRequest request) {
    long start = System.nanoTime();
    RequestHygiene.answerInvalid(request);
    if (log.isInfoEnabled()) {
      SocketAddress peer = request.remoteAddress();
      log.info(line(peer == null ? "" : peer.hostAddress(), request.method().name(), request.uri(),
          request.response().getStatusCode(), request.response().bytesWritten(), (System.nanoTime() - start) / 1_000_000));
    }
  }

  static String line(String client, String method, String uri, int status, long bytes, long millis) {
    return escape(client) + " " + escape(method) + " " + escape(maskQuery(uri)) + " " + status + " " + bytes + "B "
        + millis + "ms";
  }

  /** The URI with the values of secret-looking query keys replaced by {@value #MASK}; nothing else is decoded. */
  static String maskQuery(String uri) {
    if (uri == null) {
      return "";
    }
    int q = uri.indexOf('?');
    if (q < 0) {
      return uri;
    }
    int hash = uri.indexOf('#', q);
    String query = hash < 0 ? uri.substring(q + 1) : uri.substring(q + 1, hash);
    StringBuilder out = new StringBuilder(uri.length()).append(uri, 0, q + 1);
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (eq >= 0 && secret(key)) {
        out.append(key).append('=').append(MASK);
      } else {
        out.append(pair);
      }
    }
    if (hash >= 0) {
      out.append(uri, hash, uri.length());
    }
    return out.toString();
  }

  private static boolean secret(String rawKey) {
    String key = decode(rawKey).toLowerCase(Locale.ROOT);
    for (String s : SECRET_KEYS) {
      if (key.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /** Lenient form decoding: '+' is a space, bad escapes stay as they are. */
  private static String decode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        bytes.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Control characters, DEL, C1 controls, line and paragraph separators and '\' written as escapes. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement = switch (c) {
        case '\r' -> "\\r";
        case '\n' -> "\\n";
        case '\t' -> "\\t";
        case '\\' -> "\\\\";
        default -> c < 0x20 || c >= 0x7f && c <= 0x9f ? "\\x" + HexFormat.of().toHexDigits((byte) c)
            : c == '\u2028' || c == '\u2029' ? "\\u" + HexFormat.of().toHexDigits(c) : null;
      };
      if (replacement != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        out.append(replacement != null ? replacement : String.valueOf(c));
      }
    }
    return out == null ? s : out.toString();
  }
}
