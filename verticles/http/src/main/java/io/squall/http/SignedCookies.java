package io.squall.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tornado's {@code set_secure_cookie} / {@code get_secure_cookie} (format version 2): values that the client can
 * read but not forge. The cookie holds
 * <pre>2|1:&lt;key version&gt;|10:&lt;timestamp&gt;|&lt;n&gt;:&lt;name&gt;|&lt;n&gt;:&lt;base64url value&gt;|&lt;hex HMAC-SHA256&gt;</pre>
 * and the HMAC covers everything before it, so a value cannot be moved to another cookie name, nor be used after
 * {@code maxAge}. Secrets have versions: the newest signs, all of them verify, so a secret is rotated by adding a
 * newer version and removing the old one once its cookies have expired.
 *
 * <p>Handlers get the verticle's instance with {@link #of(RoutingContext)}. It never prints its secrets.
 */
public final class SignedCookies {

  /** Where the http verticle puts its instance for each request. */
  public static final String CONTEXT_KEY = "squall.signedCookies";
  public static final long DEFAULT_MAX_AGE_SECONDS = 31L * 24 * 3600;
  /** Browsers keep at most about 4096 bytes per cookie. */
  static final int MAX_COOKIE_BYTES = 4093;

  private static final String FORMAT = "2";
  private static final String ALGORITHM = "HmacSHA256";
  /** Timestamps further in the future than this are nonsense (clocks of a cluster agree far better). */
  private static final long MAX_CLOCK_SKEW_SECONDS = 24 * 3600;

  private final Map<Integer, SecretKeySpec> keys;
  private final int current;
  private final long maxAge;
  private final Clock clock;

  private SignedCookies(TreeMap<Integer, SecretKeySpec> keys, long maxAge, Clock clock) {
    this.keys = keys;
    this.current = keys.lastKey();
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /**
   * @param secrets key version (positive) to secret; the highest version signs
   * @param maxAgeSeconds how old a value may be when read, and the cookie's Max-Age when set
   */
  public static SignedCookies create(Map<Integer, String> secrets, long maxAgeSeconds) {
    return create(secrets, maxAgeSeconds, Clock.systemUTC());
  }

  static SignedCookies create(Map<Integer, String> secrets, long maxAgeSeconds, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one cookie secret is required");
    }
    if (maxAgeSeconds <= 0) {
      throw new IllegalArgumentException("cookie max age must be positive, got " + maxAgeSeconds);
    }
    TreeMap<Integer, SecretKeySpec> keys = new TreeMap<>();
    secrets.forEach((version, secret) -> {
      if (version == null || version <= 0) {
        throw new IllegalArgumentException("cookie secret versions are positive integers, got " + version);
      }
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException("cookie secret version " + version + " is empty");
      }
      keys.put(version, new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    });
    return new SignedCookies(keys, maxAgeSeconds, clock);
  }

  /** The verticle's instance; routes of the http verticle always have one. */
  public static SignedCookies of(RoutingContext ctx) {
    SignedCookies cookies = ctx.get(CONTEXT_KEY);
    if (cookies == null) {
      throw new IllegalStateException("no signed cookies in this request: the route is not served by the http verticle");
    }
    return cookies;
  }

  /** The key version that signs new values. */
  public int currentVersion() {
    return current;
  }

  /** How old a value may be, in seconds. */
  public long maxAge() {
    return maxAge;
  }

  /** The signed form of {@code value} for the cookie {@code name}, signed now with the newest secret. */
  public String sign(String name, String value) {
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    String payload = FORMAT + "|" + field(Integer.toString(current)) + field(Long.toString(now())) + field(name)
        + field(encoded);
    return payload + HexFormat.of().formatHex(mac(keys.get(current), payload));
  }

  /** The value signed for {@code name}, or null when it is malformed, forged, for another name or too old. */
  public String verify(String name, String signed) {
    return verify(name, signed, maxAge);
  }

  /** As {@link #verify(String, String)} with a maximum age of its own, in seconds. */
  public String verify(String name, String signed, long maxAgeSeconds) {
    if (signed == null || !signed.startsWith(FORMAT + "|") || signed.length() > 2 * MAX_COOKIE_BYTES) {
      return null;
    }
    try {
      Fields f = new Fields(signed, FORMAT.length() + 1);
      String version = f.next();
      String timestamp = f.next();
      String cookieName = f.next();
      String encoded = f.next();
      SecretKeySpec key = keys.get(Integer.valueOf(version));
      if (key == null) {
        return null;
      }
      byte[] expected = mac(key, signed.substring(0, f.pos));
      byte[] given = HexFormat.of().parseHex(signed, f.pos, signed.length());
      if (!MessageDigest.isEqual(expected, given) || !cookieName.equals(name)) {
        return null;
      }
      long age = now() - Long.parseLong(timestamp);
      if (age > maxAgeSeconds || age < -MAX_CLOCK_SKEW_SECONDS) {
        return null;
      }
      return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      // NumberFormatException and bad hex or base64 are IllegalArgumentExceptions: all mean "not ours".
      return null;
    }
  }

  /**
   * Sets the cookie {@code name} to the signed {@code value}: HttpOnly, SameSite=Lax, Path=/, and Secure when the
   * client uses https (on TLS, or behind a trusted proxy that says so), as every cookie of the http verticle is.
   */
  public void set(RoutingContext ctx, String name, String value) {
    String signed = sign(name, value);
    if (name.length() + signed.length() > MAX_COOKIE_BYTES) {
      throw new IllegalArgumentException("signed cookie " + name + " is " + (name.length() + signed.length())
          + " bytes; browsers keep at most " + MAX_COOKIE_BYTES);
    }
    ctx.response().addCookie(Cookie.cookie(name, signed).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX).setMaxAge(maxAge));
  }

  /** The verified value of the request's cookie {@code name}, or null. */
  public String get(RoutingContext ctx, String name) {
    Cookie cookie = ctx.request().getCookie(name);
    return cookie == null ? null : verify(name, cookie.getValue());
  }

  /** Tells the browser to drop the cookie {@code name}. */
  public void clear(RoutingContext ctx, String name) {
    ctx.response().addCookie(Cookie.cookie(name, "").setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX).setMaxAge(0));
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private static String field(String s) {
    return s.length() + ":" + s + "|";
  }

  private static byte[] mac(SecretKeySpec key, String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }

  /** Reads {@code <length>:<data>|} fields; any malformation throws. */
  private static final class Fields {
    private final String s;
    private int pos;

    Fields(String s, int pos) {
      this.s = s;
      this.pos = pos;
    }

    String next() {
      int colon = s.indexOf(':', pos);
      if (colon < 0 || colon == pos || colon - pos > 5) {
        throw new IllegalArgumentException("bad field length");
      }
      for (int i = pos; i < colon; i++) {
        if (s.charAt(i) < '0' || s.charAt(i) > '9') {
          throw new IllegalArgumentException("bad field length");
        }
      }
      int end = colon + 1 + Integer.parseInt(s, pos, colon, 10);
      if (s.charAt(end) != '|') {
        throw new IllegalArgumentException("bad field end");
      }
      pos = end + 1;
      return s.substring(colon + 1, end);
    }
  }
}
