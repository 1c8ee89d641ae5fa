package io.squall.http;

import io.squall.platform.Failures;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Tornado's {@code xsrf_cookies} (version 2, BREACH-safe). Each browser gets a random token in the {@code _xsrf}
 * cookie; every page gets it masked afresh ({@code 2|<4-byte mask>|<mask XOR token>}, hex), so the token in a
 * compressed page never repeats. A state-changing request (any method but GET, HEAD and OPTIONS) must send a masked
 * token in the form field {@code _xsrf} or the header {@code X-XSRFToken} / {@code X-CSRFToken}; unmasked, it must
 * equal the cookie's token, or the request fails with 403. A request whose {@code Authorization: Bearer} token the
 * route's identity check verified carries no ambient credential and is not checked (an unverified header is no
 * excuse: login, logout and Java routes check as usual).
 *
 * <p>The cookie is readable by scripts on purpose (not HttpOnly): JavaScript sends its value as the header. The http
 * verticle installs this handler on each descriptor route, after the body is read; Java routes added in
 * {@code customize()} add it themselves after a {@code BodyHandler}.
 */
public final class Xsrf implements Handler<RoutingContext> {

  public static final String COOKIE = "_xsrf";
  public static final String FIELD = "_xsrf";
  public static final String HEADER = "X-XSRFToken";
  public static final String ALT_HEADER = "X-CSRFToken";
  /** Where each request's masked token is put, for templates and handlers. */
  public static final String CONTEXT_KEY = "xsrf";

  private static final String VERSION = "2";
  private static final int TOKEN_BYTES = 16;
  private static final int MASK_BYTES = 4;
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private static final String TOKEN_KEY = "squall.xsrf.token";
  private static final String INSTANCE_KEY = "squall.xsrf";

  private final SecureRandom random = new SecureRandom();

  private Xsrf() {
  }

  public static Xsrf create() {
    return new Xsrf();
  }

  /**
   * This request's masked token, or null when XSRF protection is off. Like Tornado's {@code xsrf_token}, asking for
   * it is what gives a new browser its {@code _xsrf} cookie: a JSON API that renders no form never pays for one.
   */
  public static String token(RoutingContext ctx) {
    String masked = ctx.get(CONTEXT_KEY);
    Xsrf xsrf = ctx.get(INSTANCE_KEY);
    if (masked == null && xsrf != null && !ctx.response().headWritten()) {
      byte[] token = new byte[TOKEN_BYTES];
      xsrf.random.nextBytes(token);
      // Secure when the client uses https: SecurityHeaders decides for every cookie
      ctx.response().addCookie(Cookie.cookie(COOKIE, xsrf.mask(token)).setPath("/").setSameSite(CookieSameSite.LAX));
      ctx.put(TOKEN_KEY, token);
      masked = xsrf.mask(token);
      ctx.put(CONTEXT_KEY, masked);
    }
    return masked;
  }

  /** Tornado's {@code xsrf_form_html()}: the hidden input every form that posts must carry; empty when off. */
  public static String formHtml(RoutingContext ctx) {
    String token = token(ctx);
    return token == null ? "" : "<input type=\"hidden\" name=\"" + FIELD + "\" value=\"" + Html.escape(token) + "\">";
  }

  @Override
  public void handle(RoutingContext ctx) {
    byte[] token = ctx.get(TOKEN_KEY);
    if (token == null) {
      Cookie cookie = ctx.request().getCookie(COOKIE);
      token = cookie == null ? null : unmask(cookie.getValue());
    }
    boolean safe = SAFE.contains(ctx.request().method());
    if (!safe && !Identity.isBearer(ctx)) {
      String problem = problem(ctx, token);
      if (problem != null) {
        ctx.fail(Failures.FORBIDDEN, Failures.of(Failures.FORBIDDEN, problem));
        return;
      }
      // Checked: the token is no business of the route (a bus route would pass it on in the message).
      ctx.request().formAttributes().remove(FIELD);
    }
    if (token == null) {
      // no cookie yet: token(ctx) makes one if the page asks for it
      ctx.put(INSTANCE_KEY, this);
    } else if (ctx.get(CONTEXT_KEY) == null) {
      ctx.put(TOKEN_KEY, token);
      ctx.put(CONTEXT_KEY, mask(token));
    }
    ctx.next();
  }

  private static String problem(RoutingContext ctx, byte[] cookieToken) {
    if (cookieToken == null) {
      return "XSRF check failed: the request has no valid " + COOKIE + " cookie; load a page of this site first";
    }
    String sent = ctx.request().getHeader(HEADER);
    if (sent == null) {
      sent = ctx.request().getHeader(ALT_HEADER);
    }
    if (sent == null) {
      sent = ctx.request().getFormAttribute(FIELD);
    }
    if (sent == null) {
      return "XSRF check failed: send the token in the " + FIELD + " form field or the " + HEADER + " header";
    }
    byte[] sentToken = unmask(sent);
    if (sentToken == null || !MessageDigest.isEqual(sentToken, cookieToken)) {
      return "XSRF check failed: the token does not match the " + COOKIE + " cookie";
    }
    return null;
  }

  private String mask(byte[] token) {
    byte[] mask = new byte[MASK_BYTES];
    random.nextBytes(mask);
    HexFormat hex = HexFormat.of();
    return VERSION + "|" + hex.formatHex(mask) + "|" + hex.formatHex(xor(mask, token));
  }

  /** The token inside {@code 2|mask|masked}, or null when the text is anything else. */
  static byte[] unmask(String masked) {
    if (masked == null || masked.length() != VERSION.length() + 2 + 2 * MASK_BYTES + 2 * TOKEN_BYTES) {
      return null;
    }
    List<String> parts = List.of(masked.split("\\|", -1));
    if (parts.size() != 3 || !parts.get(0).equals(VERSION) || parts.get(1).length() != 2 * MASK_BYTES) {
      return null;
    }
    try {
      return xor(HexFormat.of().parseHex(parts.get(1)), HexFormat.of().parseHex(parts.get(2)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] xor(byte[] mask, byte[] data) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (byte) (data[i] ^ mask[i % mask.length]);
    }
    return out;
  }
}
