package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticRouteTest {

  private static final String APP_CSS = "body { color: #222; }\n";
  private static final String OUTSIDE = "OUTSIDE-THE-ROOT";

  @TempDir
  Path base;
  private Path root;
  private Vertx vertx;
  private int port;

  /** base/webroot is served at /static/* (absolute folder); base/outside.txt sits next to it, out of reach. */
  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectories(base.resolve("webroot"));
    Files.writeString(root.resolve("app.css"), APP_CSS);
    Files.writeString(root.resolve("a b.txt"), "spaced");
    Files.writeString(root.resolve(".env"), "SECRET=env");
    Files.writeString(root.resolve(".secret"), "SECRET-FILE");
    // A .git folder cannot be committed to this repository, so the fixture is built here.
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "[core] SECRET-GIT");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/page.txt"), "page");
    // A folder named like a host: a folder redirect ("add a slash") on //evil.example is Tornado's CVE-2023-28370.
    Files.createDirectories(root.resolve("evil.example"));
    Files.writeString(root.resolve("evil.example/index.html"), "index");
    Files.writeString(base.resolve("outside.txt"), OUTSIDE);
    Files.writeString(base.resolve("pom.xml"), OUTSIDE);
    vertx = Vertx.vertx();
    port = HttpServers.deploy(vertx, new HttpOptions().setAccessLog(false).setRoutes(List.of(
        route("/static/*", root.toString()),
        route("/assets/*", "classpath:webroot"),
        route("/rel/*", "src/test/resources/webroot"))));
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static RouteOptions route(String path, String dir) {
    return new RouteOptions().setPath(path).setKind(RouteOptions.Kind.STATIC).setDir(dir);
  }

  private HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  private HttpResponse<String> send(String method, String path, String... headers) {
    SquallClient client = SquallClient.to(port);
    HttpRequest.Builder b = client.request(path).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b);
  }

  private static String sha256(String content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void staticUrlCarriesTheContentHashAndOnlyThatVersionIsCachedForAYear() throws Exception {
    StaticFiles files = StaticFiles.create(vertx, "/static/*", root.toString(), false);
    String url = files.url("app.css").toCompletionStage().toCompletableFuture().join();
    assertThat(url).isEqualTo("/static/app.css?v=" + sha256(APP_CSS).substring(0, 12));

    HttpResponse<String> versioned = get(url);
    assertThat(versioned.statusCode()).isEqualTo(200);
    assertThat(versioned.body()).isEqualTo(APP_CSS);
    assertThat(versioned.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
    assertThat(get("/static/app.css").headers().firstValue("cache-control")).hasValue("no-cache");
    assertThat(get("/static/app.css?v=000000000000").headers().firstValue("cache-control")).hasValue("no-cache");
  }

  @Test
  void staticUrlEncodesNamesAndLeavesUnknownFilesUnversioned() throws Exception {
    StaticFiles files = StaticFiles.create(vertx, "/static/", root.toString(), false);
    String spaced = files.url("a b.txt").toCompletionStage().toCompletableFuture().join();
    assertThat(spaced).isEqualTo("/static/a%20b.txt?v=" + sha256("spaced").substring(0, 12));
    assertThat(get(spaced).body()).isEqualTo("spaced");
    assertThat(files.url("missing.js").toCompletionStage().toCompletableFuture().join()).isEqualTo("/static/missing.js");
    assertThat(files.url(".env").toCompletionStage().toCompletableFuture().join()).isEqualTo("/static/.env");
  }

  /** The main server's port, then a development-mode server's: conditional requests must work in both. */
  private int[] productionAndDevPorts() {
    int dev = HttpServers.deploy(vertx, new HttpOptions().setDev(true).setAccessLog(false)
        .addRoute(route("/static/*", root.toString())));
    return new int[] {port, dev};
  }

  @Test
  void etagIsTheQuotedContentHashAndAMatchingIfNoneMatchIs304WithoutBody() throws Exception {
    String etag = "\"" + sha256(APP_CSS) + "\"";
    for (int p : productionAndDevPorts()) {
      port = p;
      assertThat(get("/static/app.css").headers().firstValue("etag")).hasValue(etag);
      HttpResponse<String> again = get("/static/app.css", "If-None-Match", etag);
      assertThat(again.statusCode()).as("port %d", p).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(again.headers().firstValue("etag")).hasValue(etag);
      assertThat(get("/static/app.css", "If-None-Match", "\"other\", W/" + etag).statusCode()).isEqualTo(304);
      assertThat(get("/static/app.css", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void ifModifiedSinceTheLastModifiedDateIs304InProductionAndDevMode() throws Exception {
    for (int p : productionAndDevPorts()) {
      port = p;
      String lastModified = get("/static/app.css").headers().firstValue("last-modified").orElseThrow();
      HttpResponse<String> res = get("/static/app.css", "If-Modified-Since", lastModified);
      assertThat(res.statusCode()).as("port %d", p).isEqualTo(304);
      assertThat(res.body()).isEmpty();
      assertThat(get("/static/app.css", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void rangeIs206WithContentRangeUnlessIfRangeIsStaleAndAnUnsatisfiableRangeIs416() throws Exception {
    HttpResponse<String> part = get("/static/app.css", "Range", "bytes=0-3");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo("body");
    assertThat(part.headers().firstValue("content-range")).hasValue("bytes 0-3/" + APP_CSS.length());

    String etag = part.headers().firstValue("etag").orElseThrow();
    assertThat(get("/static/app.css", "Range", "bytes=0-3", "If-Range", etag).statusCode()).isEqualTo(206);
    HttpResponse<String> changed = get("/static/app.css", "Range", "bytes=0-3", "If-Range", "\"an-older-version\"");
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo(APP_CSS);

    HttpResponse<String> beyond = get("/static/app.css", "Range", "bytes=9999-");
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("content-range")).hasValue("bytes */" + APP_CSS.length());
    assertThat(beyond.headers().firstValue("cache-control")).isEmpty();
  }

  @Test
  void hiddenFilesAndFoldersAreNeverServed() throws Exception {
    for (String path : List.of("/static/.env", "/static/.secret", "/static/.git/config", "/static/%2Eenv",
        "/static/sub/%2e%2e/.env", "/static/.git%2fconfig", "/assets/.secret", "/rel/.secret")) {
      Raw res = raw(path);
      assertThat(res.status()).as(path).isEqualTo(404);
      assertThat(res.body()).as(path).doesNotContain("SECRET");
    }
  }

  @Test
  void aFolderIs404WithoutListingOrRedirect() throws Exception {
    for (String path : List.of("/static/sub", "/static/sub/", "/static/", "/static", "/static//sub",
        "//evil.example/../static/sub", "/%2fevil.example/../static/sub")) {
      Raw res = raw(path);
      assertThat(res.status()).as(path).isEqualTo(404);
      assertThat(res.headers()).as(path).doesNotContainKey("location");
      assertThat(res.body()).as(path).doesNotContain("page.txt");
    }
  }

  @Test
  void traversalAndHostInjectionAreRefusedWithoutRedirect() throws Exception {
    for (String path : List.of("/static/../pom.xml", "/static/%2e%2e/pom.xml", "/static/%2e%2e%2fpom.xml",
        "/static/..%2fpom.xml", "/static/..%2Foutside.txt", "/static/sub/..%2f..%2foutside.txt",
        "/static/..\\outside.txt", "/static/..%5coutside.txt", "/static/%5c..%5coutside.txt",
        "/static/%252e%252e/outside.txt", "/static/%2e%2e%2f%2e%2e%2fetc/passwd", "//evil.example/",
        "/static//evil.example", "/static//evil.example/", "/static/%2f%2fevil.example", "/static/%5c%5cevil.example",
        "/static/\\\\evil.example", "/static/..%2f%2fevil.example", "/static/sub/..%2f%2fevil.example",
        "/static//evil.example/x", "/static/\\\\evil.example/x", "/static/%5c%5cevil.example/x",
        "/static/%2f%2fevil.example/x", "/static/%00app.css", "/static/app.css%00.txt",
        "/assets/..%2foutside.txt", "/assets/%2e%2e%2foutside.txt", "/assets/..%5coutside.txt")) {
      Raw res = raw(path);
      assertThat(res.status()).as(path).isEqualTo(404);
      assertThat(res.headers()).as(path).doesNotContainKey("location");
      assertThat(res.body()).as(path).doesNotContain(OUTSIDE);
    }
  }

  @Test
  void onlyGetAndHeadAreServed() throws Exception {
    HttpResponse<String> head = send("HEAD", "/static/app.css");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("content-length")).hasValue(String.valueOf(APP_CSS.length()));
    assertThat(head.body()).isEmpty();
    for (String method : List.of("POST", "PUT", "DELETE")) {
      assertThat(send(method, "/static/app.css").statusCode()).as(method).isEqualTo(405);
    }
  }

  @Test
  void servesFromAnAbsoluteFolderWithItsContentType() throws Exception {
    HttpResponse<String> res = get("/static/sub/page.txt");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("page");
    assertThat(res.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(get("/static/missing.css").statusCode()).isEqualTo(404);
  }

  @Test
  void servesFromTheClasspath() throws Exception {
    HttpResponse<String> res = get("/assets/app.css");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo(APP_CSS);
    assertThat(res.headers().firstValue("content-type").orElseThrow()).startsWith("text/css");
    assertThat(res.headers().firstValue("etag")).hasValue("\"" + sha256(APP_CSS) + "\"");
  }

  @Test
  void servesFromAFolderRelativeToTheWorkingDirectory() throws Exception {
    HttpResponse<String> res = get("/rel/app.css");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo(APP_CSS);
  }

  @Test
  void servesFromAFolderInsideAHiddenFolderButStillHidesItsHiddenFiles() throws Exception {
    Path site = Files.createDirectories(base.resolve(".local/site"));
    Files.writeString(site.resolve("app.css"), APP_CSS);
    Files.writeString(site.resolve(".env"), "SECRET=env");
    port = HttpServers.deploy(vertx, new HttpOptions().setAccessLog(false).addRoute(route("/static/*", site.toString())));
    assertThat(get("/static/app.css").statusCode()).isEqualTo(200);
    assertThat(get("/static/.env").statusCode()).isEqualTo(404);
  }

  @Test
  void devModeServesAndVersionsChangedContentAtOnce() throws Exception {
    int dev = HttpServers.deploy(vertx, new HttpOptions().setDev(true).setAccessLog(false)
        .addRoute(route("/static/*", root.toString())));
    SquallClient client = SquallClient.to(dev);
    HttpResponse<String> before = client.get("/static/app.css");
    assertThat(before.headers().firstValue("last-modified")).isPresent();

    Path css = root.resolve("app.css");
    Files.writeString(css, "body { color: red; }\n");
    Files.setLastModifiedTime(css, FileTime.fromMillis(Files.getLastModifiedTime(css).toMillis() + 10_000));
    HttpResponse<String> after = client.get("/static/app.css", "If-None-Match",
        before.headers().firstValue("etag").orElseThrow());
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("body { color: red; }\n");
    assertThat(after.headers().firstValue("etag")).hasValue("\"" + sha256("body { color: red; }\n") + "\"");
  }

  @Test
  void aStaticRouteNeedsAWildcardPath() {
    assertThatThrownBy(() -> HttpServers.deploy(vertx, new HttpOptions().addRoute(route("/static", root.toString()))))
        .hasMessageContaining("ending in /*");
  }

  private record Raw(int status, Map<String, String> headers, String body) {
  }

  /** A request line sent as is, so no client normalises the target. */
  private Raw raw(String target) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int end = response.indexOf("\r\n\r\n");
      String[] lines = response.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(end + 4));
    }
  }
}
