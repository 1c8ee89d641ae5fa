package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.FileSystemAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static routes' path rules, one case each (the HTTP-level attacks are StaticFilesSecurityTest's; some of these
 * characters never get past Vert.x's own parsing there, so the rule is checked here as well): what a request path
 * decodes to, what is refused, how a file's URL is encoded, and which files a folder's listing gives.
 */
class StaticFilesPathTest {

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aPathIsDecodedOnceIncludingMultiByteUtf8() {
    assertThat(StaticFiles.relativePath("css/site.css")).isEqualTo("css/site.css");
    assertThat(StaticFiles.relativePath("caf%C3%A9.txt")).isEqualTo("café.txt");
    assertThat(StaticFiles.relativePath("café.txt")).as("a raw non-ASCII character").isEqualTo("café.txt");
    assertThat(StaticFiles.relativePath("a%252e%252e")).as("decoded once: %25 stays a percent").isEqualTo("a%2e%2e");
    assertThat(StaticFiles.relativePath("%41%7e")).isEqualTo("A~");
    assertThat(StaticFiles.relativePath("")).as("the folder itself").isEmpty();
  }

  @Test
  void controlCharactersAndBackslashesAreRefused() {
    for (String bad : List.of("a%00b", "a%01b", "a%1Fb", "a%7Fb", "a%C2%80b", "a%C2%85b", "a%C2%9Fb", "a\u0085b",
        "..%5C..%5Csecret", "a%5Cb", "a\\b")) {
      assertThat(StaticFiles.relativePath(bad)).as(bad).isNull();
    }
    assertThat(StaticFiles.relativePath("a%20b")).as("a space is a character like any").isEqualTo("a b");
    assertThat(StaticFiles.relativePath("a%C2%A0b")).as("the first character after the C1 controls").isEqualTo("a\u00a0b");
  }

  @Test
  void emptyDotAndHiddenSegmentsAreRefused() {
    for (String bad : List.of("a//b", "/a", "a/", ".", "..", "../etc/passwd", "a/../b", ".git/config", "a/.env",
        "%2e%2e/secret", "%2egit/HEAD")) {
      assertThat(StaticFiles.relativePath(bad)).as(bad).isNull();
    }
    assertThat(StaticFiles.relativePath("a.b/c..d")).as("dots inside a name").isEqualTo("a.b/c..d");
  }

  @Test
  void badPercentEncodingAndBadUtf8AreRefused() {
    for (String bad : List.of("%", "a%", "a%2", "%zz", "%2z", "%z2", "%C3%28", "%C3", "%FF")) {
      assertThat(StaticFiles.relativePath(bad)).as(bad).isNull();
    }
    assertThat(StaticFiles.relativePath("%41%42")).as("an escape that ends the path").isEqualTo("AB");
  }

  @Test
  void aUrlEncodesAllButUnreservedCharactersAndSlashes() {
    assertThat(StaticFiles.encode("az-AZ_09.~/x")).isEqualTo("az-AZ_09.~/x");
    assertThat(StaticFiles.encode("a b+c%é")).isEqualTo("a%20b%2Bc%25%C3%A9");
    assertThat(StaticFiles.encode("`{@[")).isEqualTo("%60%7B%40%5B");
  }

  @Test
  void theListingGivesServableFilesOnlyAndStopsAtItsLimit() throws Exception {
    Files.createDirectories(dir.resolve("css"));
    Files.writeString(dir.resolve("css/site.css"), "body{}");
    Files.writeString(dir.resolve("app.js"), "x");
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/config"), "secret");
    Files.writeString(dir.resolve(".env"), "secret");
    Files.createDirectories(dir.resolve("empty"));
    StaticFiles files = StaticFiles.create(vertx, "/static/*", dir.toString(), false);
    assertThat(files.isFolder()).isTrue();
    List<String> told = new ArrayList<>();

    SortedMap<String, String> all = files.versionedUrls(10, (n, truncated) -> told.add(n + " " + truncated));
    SortedMap<String, String> one = files.versionedUrls(1, (n, truncated) -> told.add(n + " " + truncated));

    assertThat(all.keySet()).containsExactly("app.js", "css/site.css");
    assertThat(all.get("css/site.css")).startsWith("/static/css/site.css?v=").hasSize(
        "/static/css/site.css?v=".length() + StaticFiles.VERSION_LENGTH);
    assertThat(one).hasSize(1);
    assertThat(told).containsExactly("2 false", "1 true");
  }

  @Test
  void aClasspathRootIsRefusedForItWouldServeEveryClassAndResource() {
    for (String whole : List.of("classpath:", "classpath:/", "classpath:///")) {
      assertThatThrownBy(() -> StaticFiles.create(vertx, "/x/*", whole, false)).as(whole)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + whole + "' would serve the whole class path: name a folder in it (e.g. classpath:webroot)");
      assertThat(RouteOptions.KEYS.check(new RouteOptions().setKind(RouteOptions.Kind.STATIC).setPath("/x/*")
              .setDir(whole).toJson(), getClass().getClassLoader()).toString())
          .as("a descriptor naming it is refused at start").contains("dir: '" + whole + "' would serve the whole class path");
    }
  }

  @Test
  void aClasspathFolderInsideAJarIsNotAFolderOnDisk() {
    StaticFiles inJar = StaticFiles.create(vertx, "/x/*", "classpath:META-INF/maven/io.vertx/vertx-core", false);
    assertThat(inJar.isFolder()).isFalse();
    assertThat(inJar.access()).isEqualTo(FileSystemAccess.RELATIVE);
    assertThat(inJar.root()).isEqualTo("META-INF/maven/io.vertx/vertx-core");
  }

  @Test
  void anUnpackedClasspathFolderIsServedFromItsPlaceOnDisk() throws Exception {
    StaticFiles unpacked = StaticFiles.create(vertx, "/x/*", "classpath:webroot", false);

    assertThat(unpacked.isFolder()).isTrue();
    assertThat(unpacked.access()).isEqualTo(FileSystemAccess.ROOT);
    assertThat(Path.of(unpacked.root())).isAbsolute().endsWith(Path.of("test-classes", "webroot"));
    assertThat(unpacked.versionedUrls(10, (n, truncated) -> { }).keySet()).containsExactly("app.css");
  }

  @Test
  void aMissingClasspathFolderIsLeftToTheFileResolver() {
    StaticFiles missing = StaticFiles.create(vertx, "/x/*", "classpath:no/such/folder", false);

    assertThat(missing.isFolder()).isFalse();
    assertThat(missing.access()).isEqualTo(FileSystemAccess.RELATIVE);
    assertThat(missing.root()).isEqualTo("no/such/folder");
  }

  @Test
  void slashesAroundAClasspathFolderAreDropped() {
    StaticFiles plain = StaticFiles.create(vertx, "/x/*", "classpath:webroot", false);

    assertThat(StaticFiles.create(vertx, "/x/*", "classpath://webroot//", false).root()).isEqualTo(plain.root());
    assertThat(StaticFiles.create(vertx, "/x/*", "classpath:/META-INF/maven/io.vertx/vertx-core/", false).root())
        .isEqualTo("META-INF/maven/io.vertx/vertx-core");
  }
}
