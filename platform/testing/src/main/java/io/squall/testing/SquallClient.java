package io.squall.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One user of a Squall app over HTTP, as a browser or an API client is: cookies kept, redirects not followed,
 * HTTP/1.1, and every request bounded ({@link #TIMEOUT}), so a hung server fails a test instead of stalling it.
 *
 * <pre>
 * SquallClient alice = SquallClient.to(port).login("alice", "alice-secret");
 * alice.postJson("/rooms/lobby/messages", new JsonObject().put("text", "hi"));   // X-XSRFToken from the cookie
 * SquallClient api = SquallClient.to(port).bearer(alice.token());               // no cookies, no XSRF
 * </pre>
 */
public final class SquallClient {

  /** The longest any request may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** The http verticle's XSRF cookie, header and form field (Tornado's names). */
  public static final String XSRF_COOKIE = "_xsrf";
  public static final String XSRF_HEADER = "X-XSRFToken";

  private static final Pattern XSRF_FIELD = Pattern.compile("name=\"_xsrf\" value=\"([^\"]+)\"");
  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private SquallClient(String base) {
    this.base = base;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
  }

  /** A client of {@code http://127.0.0.1:<port>}. */
  public static SquallClient to(int port) {
    return to("http://127.0.0.1:" + port);
  }

  /** A client of {@code base}, e.g. {@code http://127.0.0.1:8080} (no trailing slash). */
  public static SquallClient to(String base) {
    return new SquallClient(base);
  }

  public String base() {
    return base;
  }

  /** The JDK client underneath, for what this class does not offer (its cookies are this client's). */
  public HttpClient http() {
    return http;
  }

  /** Sends {@code name: value} with every later request. */
  public SquallClient header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Sends {@code Authorization: Bearer <token>} with every later request. */
  public SquallClient bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  /** A request to {@code path} with this client's headers and the timeout; send it with {@link #send}. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    headers.forEach(request::header);
    return request;
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends {@code request} with a body handler of the caller's choosing: bytes as sent (this client never
   * decompresses), or a stream for an event stream. The timeout bounds the wait for the response's head; a body
   * read as a stream is the caller's to bound.
   */
  public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (IOException e) {
      throw new IllegalStateException(request.build().method() + " " + request.build().uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET {@code path}, with header name/value pairs. */
  public HttpResponse<String> get(String path, String... headerPairs) {
    HttpRequest.Builder request = request(path);
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    return send(request.GET());
  }

  /** POSTs JSON (anything whose {@code toString} is JSON), with the XSRF header when this client has the cookie. */
  public HttpResponse<String> postJson(String path, Object json) {
    return postJson(path, json, true);
  }

  public HttpResponse<String> postJson(String path, Object json, boolean withXsrf) {
    HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
        .header("Accept", "application/json");
    String xsrf = cookie(XSRF_COOKIE);
    if (withXsrf && xsrf != null) {
      request.header(XSRF_HEADER, xsrf);
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofString(json.toString())));
  }

  /** POSTs a form, with the {@code _xsrf} field when this client has the cookie. */
  public HttpResponse<String> postForm(String path, Map<String, String> fields) {
    return postForm(path, fields, true);
  }

  public HttpResponse<String> postForm(String path, Map<String, String> fields, boolean withXsrf) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    String xsrf = cookie(XSRF_COOKIE);
    if (withXsrf && xsrf != null && !all.containsKey(XSRF_COOKIE)) {
      all.put(XSRF_COOKIE, xsrf);
    }
    String form = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /**
   * Signs in through the login form, as a browser does: the page's {@code _xsrf} field, then the post, which must
   * answer 303. Afterwards this client holds the session cookie.
   */
  public SquallClient login(String username, String password) {
    HttpResponse<String> page = get("/login");
    Matcher xsrf = XSRF_FIELD.matcher(page.body());
    if (page.statusCode() != 200 || !xsrf.find()) {
      throw new AssertionError("GET /login: " + page.statusCode() + " without an _xsrf field: " + page.body());
    }
    HttpResponse<String> login = postForm("/login", Map.of(XSRF_COOKIE, xsrf.group(1), "username", username,
        "password", password, "next", "/"), false);
    if (login.statusCode() != 303) {
      throw new AssertionError("POST /login as " + username + ": " + login.statusCode() + " " + login.body());
    }
    return this;
  }

  /** The session's bearer token ({@code GET /auth/token}), for the bridge and for scripts. */
  public String token() {
    HttpResponse<String> r = get("/auth/token");
    Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    if (r.statusCode() != 200 || !m.find()) {
      throw new AssertionError("GET /auth/token: " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }

  /** The value of this client's cookie {@code name}, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  /** Status of a GET of {@code url} on a fresh connection, or -1 when nothing answers (a probe, not a user). */
  public static int status(String url) {
    try {
      return PROBE.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
