package io.squall.http;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** A browser for tests: keeps cookies, does not follow redirects, speaks HTTP/1.1. */
final class Browser {

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
  private final int port;

  Browser(int port) {
    this.port = port;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET());
  }

  /** POSTs a form; the XSRF token from this browser's cookie is added unless {@code withXsrf} is false. */
  HttpResponse<String> postForm(String path, Map<String, String> fields, boolean withXsrf) throws Exception {
    String form = fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    if (withXsrf) {
      form += (form.isEmpty() ? "" : "&") + Xsrf.FIELD + "=" + URLEncoder.encode(xsrfCookie(), StandardCharsets.UTF_8);
    }
    return send(request(path).header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  /** The _xsrf cookie a page gave this browser (fetches one if it has none yet). */
  String xsrfCookie() throws Exception {
    if (cookie(Xsrf.COOKIE) == null) {
      get("/__xsrf_bootstrap");
    }
    return cookie(Xsrf.COOKIE);
  }
}
