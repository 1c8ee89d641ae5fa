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
 * Static-file attacks beyond {@link StaticRouteTest}'s (which covers {@code ../} in plain, percent-encoded,
 * double-encoded and backslash forms, NUL, hidden files and folders, and {@code //host} redirects): overlong UTF-8,
 * {@code ;} path parameters, and cache poisoning by encoded dot-segments. Each is a 404 without a redirect, counted,
 * and the real file is still served afterwards.
 */
class StaticFilesSecurityTest {

  private static final String APP_CSS = "body { color: teal }";
  private static final String OUTSIDE = "OUTSIDE-THE-WEBROOT";

  @TempDir
  static Path dir;
  private static HostileNode node;

  @BeforeAll
  static void start() throws Exception {
    Path root = Files.createDirectories(dir.resolve("static"));
    Files.writeString(root.resolve("app.css"), APP_CSS);
    Files.writeString(root.resolve(".env"), "SECRET=env");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/page.txt"), "page");
    Files.writeString(dir.resolve("outside.txt"), OUTSIDE);
    node = new HostileNode(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String get(String target) throws Exception {
    return node.exchange("GET " + target + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/static/%c0%ae%c0%ae/outside.txt", "/static/%c0%ae%c0%ae%c0%afoutside.txt",
      "/static/..%c0%afoutside.txt", "/static/%e0%80%ae%e0%80%ae/outside.txt", "/static/%c0%2e%c0%2e/outside.txt",
      "/static/..;/outside.txt", "/static/..;x=1/outside.txt", "/static/sub/..;/..;/outside.txt",
      "/static/.env;x=1", "/static/.env%3bx=1", "/static/sub;x=1/../../outside.txt", "/static/..%255c..%255coutside.txt",
      "/static/%2e%2e%5c%2e%2e%5coutside.txt", "/static/..%u2216outside.txt"})
  void traversalInOverlongUtf8AndPathParameterFormsIsRefused(String target) throws Exception {
    double before = node.requests("4xx");
    String answer = get(target);
    assertThat(answer).matches("(?s)HTTP/1\\.1 (400|404) .*");
    assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("location:");
    assertThat(answer).doesNotContain(OUTSIDE).doesNotContain("SECRET");
    node.awaitRequests("4xx", before + 1);
    node.assertStillServing();
  }

  @Test
  void encodedDotSegmentsCannotPoisonTheCacheForTheRealFile() throws Exception {
    // Vert.x CVE-2026-1002: "bar%2F..%2Fapp.css" normalized to the same cache key as app.css, and the 404 cached for
    // it was then served for the real file. Ask the poisoned forms first, then the real one, twice each. (An encoded
    // dot-segment between real slashes, /static/sub/%2e%2e/app.css, is the same URL as /static/app.css, RFC 3986.)
    for (int round = 0; round < 2; round++) {
      for (String poison : new String[] {"/static/sub%2F..%2Fapp.css", "/static/nothing%2F..%2Fapp.css",
          "/static/sub%2f%2e%2e%2fapp.css"}) {
        assertThat(get(poison)).as(poison).matches("(?s)HTTP/1\\.1 (400|404) .*");
      }
      String real = get("/static/app.css");
      assertThat(real).startsWith("HTTP/1.1 200 ").endsWith(APP_CSS);
    }
    node.assertStillServing();
  }
}
