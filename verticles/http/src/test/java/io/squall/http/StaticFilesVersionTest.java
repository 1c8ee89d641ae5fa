package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content hashes of a static route's files and their cache: a file is hashed again when its last-modified time
 * or its size changed (either alone is enough), and not while both stay as they were; {@link StaticFiles#version}
 * (development mode) and the folder's listing keep to the same rule.
 */
class StaticFilesVersionTest {

  private static final long T = 1_750_000_000_000L;

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private Path file;

  @BeforeEach
  void write() throws Exception {
    file = write("aaaa", T);
  }

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private Path write(String content, long lastModified) throws Exception {
    Path f = Files.writeString(dir.resolve("app.js"), content);
    Files.setLastModifiedTime(f, FileTime.fromMillis(lastModified));
    return f;
  }

  private static String tag(String content) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash).substring(0, StaticFiles.VERSION_LENGTH);
  }

  private static StaticFiles.Version version(StaticFiles files) {
    return files.version("app.js").toCompletionStage().toCompletableFuture().join();
  }

  private static String listed(StaticFiles files) throws Exception {
    String url = files.versionedUrls(10, (n, truncated) -> { }).get("app.js");
    return url.substring(url.indexOf("?v=") + 3);
  }

  private StaticFiles dev() {
    return StaticFiles.create(vertx, "/static/*", dir.toString(), true);
  }

  @Test
  void anUnchangedFileKeepsItsVersionWithoutBeingReadAgain() throws Exception {
    StaticFiles files = dev();
    StaticFiles.Version first = version(files);

    assertThat(first.tag()).isEqualTo(tag("aaaa"));
    assertThat(version(files)).isSameAs(first);
  }

  @Test
  void aChangeThatKeepsTheSizeButNotTheTimeIsHashedAgain() throws Exception {
    StaticFiles files = dev();
    version(files);

    write("bbbb", T + 10_000);

    assertThat(version(files).tag()).isEqualTo(tag("bbbb"));
  }

  @Test
  void aChangeThatKeepsTheTimeButNotTheSizeIsHashedAgain() throws Exception {
    StaticFiles files = dev();
    version(files);

    write("cc", T);

    assertThat(version(files).tag()).isEqualTo(tag("cc"));
  }

  @Test
  void theListingHashesAgainWhenTheTimeOrTheSizeChanged() throws Exception {
    StaticFiles files = StaticFiles.create(vertx, "/static/*", dir.toString(), false);
    assertThat(listed(files)).isEqualTo(tag("aaaa"));

    write("bbbb", T + 10_000);
    assertThat(listed(files)).as("same size, later").isEqualTo(tag("bbbb"));

    write("cc", T + 10_000);
    assertThat(listed(files)).as("same time, smaller").isEqualTo(tag("cc"));
  }

  @Test
  void theListingAndUrlShareTheirHashes() throws Exception {
    StaticFiles files = dev();
    listed(files);

    assertThat(files.url("app.js").toCompletionStage().toCompletableFuture().join())
        .isEqualTo("/static/app.js?v=" + tag("aaaa"));
    StaticFiles.Version cached = version(files);
    listed(files);
    assertThat(version(files)).as("the listing did not hash it again").isSameAs(cached);
  }
}
