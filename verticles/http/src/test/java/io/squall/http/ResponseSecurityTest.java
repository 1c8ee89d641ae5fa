package io.squall.http;

import static io.squall.http.HostileNode.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input copied into a response by a careless handler ({@link ReflectRoute}) or by the error pages never adds a
 * header, a cookie attribute or markup. A header value with CR/LF is in
 * {@link HttpFramingSecurityTest#lineBreakInAHeaderValueFromUserInputIsRefusedNotSplit}; a 404 for a path with a
 * script in it in {@link ErrorPagesTest#anUnknownPathWithAScriptInItIsA404PageThatDoesNotReflectIt}.
 */
class ResponseSecurityTest {

  @TempDir
  static Path dir;
  private static HostileNode node;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(dir.resolve("static"));
    node = new HostileNode(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String head(String answer) {
    return answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(Locale.ROOT);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cookiePath=/%3B%20Domain%3Devil.example", "cookiePath=/%0d%0aSet-Cookie:%20evil.example=1",
      "cookieDomain=squall.test%3B%20Domain%3Devil.example", "cookieDomain=x%0d%0aX-Injected:%20evil.example",
      "cookieValue=1%3B%20Domain%3Devil.example", "cookieValue=1%0d%0aX-Injected:%20evil.example"})
  void cookieAttributesFromInputCannotAddAttributesOrHeaders(String query) throws Exception {
    // CVE-2026-35536: ';' or CR/LF in a cookie's path, domain or value became attributes (or headers) of their own.
    // Netty's strict cookie encoder refuses such a cookie: for a path or domain at once (500); for a value only when
    // the head is written, so the response cannot be sent at all and the connection is closed (ErrorPages). Either
    // way no part of the cookie reaches the client.
    double before = node.requests("5xx");
    String answer = node.exchange("GET /reflect?" + query + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
    assertThat(answer).matches(a -> a.isEmpty() || a.startsWith("HTTP/1.1 500 "), "a 500 or a closed connection");
    assertThat(head(answer)).doesNotContain("evil.example").doesNotContain("x-injected").doesNotContain("pref=");
    if (!answer.isEmpty()) {
      // (a response Vert.x counts as sent but could not write ends no end handler: that close is only logged)
      node.awaitRequests("5xx", before + 1);
    }
    node.assertStillServing();
  }

  @Test
  void aCookieFromPlainInputIsStillSet() throws Exception {
    String answer = node.exchange("GET /reflect?cookiePath=/rooms&cookieValue=blue HTTP/1.1\r\n" + HOST
        + "Connection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200 ").containsIgnoringCase("set-cookie: pref=blue; Path=/rooms");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"OK%0d%0aX-Injected:%20yes", "OK%0aX-Injected:%20yes", "OK%0dX-Injected:%20yes"})
  void reasonPhraseFromInputCannotInjectHeaders(String reason) throws Exception {
    // CVE-2025-67724: a reason phrase with CR/LF split the response. Netty refuses such a status: no split.
    String answer = node.exchange("GET /reflect?reason=" + reason + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
    assertThat(answer).matches("(?s)HTTP/1\\.1 500 .*");
    assertThat(head(answer)).doesNotContain("x-injected");
    node.assertStillServing();
  }

  @Test
  void aFailureMessageWithMarkupAndLineBreaksIsEscapedOnThePageAndNeverTheReasonPhrase() throws Exception {
    // CVE-2025-67724's other half: Tornado's default error page showed the reason unescaped. Here the status line
    // always carries the standard phrase, and a bus failure's message is escaped in the page.
    String body = "{\"fail\":\"<script>alert(1)</script>\\r\\nX-Injected: yes\"}";
    String answer = node.exchange("POST /orders HTTP/1.1\r\n" + HOST + "Connection: close\r\nAccept: text/html\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form(body).length() + "\r\n\r\n"
        + form(body));
    assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n");
    assertThat(head(answer)).doesNotContain("x-injected").doesNotContain("script");
    assertThat(answer).doesNotContain("<script>").contains("&lt;script&gt;");
    node.assertStillServing();
  }

  private static String form(String json) {
    String message = new io.vertx.core.json.JsonObject(json).getString("fail");
    return "fail=" + java.net.URLEncoder.encode(message, java.nio.charset.StandardCharsets.UTF_8);
  }
}
