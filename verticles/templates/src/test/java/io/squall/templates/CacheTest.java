package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTest {

  @TempDir
  Path dir;

  private void write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** An edit that a coarse file clock could miss: content and modification time both change. */
  private void edit(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(2)));
  }

  private TemplatesOptions onDisk(boolean dev) {
    return new TemplatesOptions().setDir(dir.toString()).setMessages(dir.resolve("i18n/messages").toString())
        .setDev(dev);
  }

  @Test
  void theSecondRenderOfAPageFindsItAndItsLayoutCompiled() {
    Vertx vertx = Vertx.vertx();
    try {
      TemplatesVerticle verticle = Renders.deploy(vertx, Renders.testOptions());
      JsonObject context = new JsonObject().put("user", "ann").put("_links", Renders.links())
          .put("items", new io.vertx.core.json.JsonArray().add("tea"));
      Renderer renderer = verticle.renderer();

      String first = Renders.render(vertx, "child.peb", context);
      long misses = renderer.cacheMisses();
      long hits = renderer.cacheHits();
      String second = Renders.render(vertx, "child.peb", context);

      assertThat(second).isEqualTo(first);
      // child, base, forms (import), two partials: compiled once, then found
      assertThat(misses).isEqualTo(5);
      assertThat(renderer.cacheMisses()).isEqualTo(misses);
      assertThat(renderer.cacheHits() - hits).isGreaterThanOrEqualTo(5);
    } finally {
      Renders.await(vertx.close());
    }
  }

  @Test
  void outsideDevelopmentModeAnEditedTemplateKeepsItsCompiledVersion() throws IOException {
    write("page.peb", "v1 {{ x }}");
    Renderer renderer = Renders.renderer(onDisk(false));
    assertThat(renderer.render("page.peb", new JsonObject().put("x", 1), null)).isEqualTo("v1 1");

    edit("page.peb", "v2 {{ x }}");

    assertThat(renderer.render("page.peb", new JsonObject().put("x", 1), null)).isEqualTo("v1 1");
  }

  @Test
  void developmentModeRecompilesAnEditedPageAndLayoutAndRereadsBundles() throws IOException {
    write("layout.peb", "[L1 {% block body %}{% endblock %}]");
    write("page.peb", "{% extends \"layout.peb\" %}{% block body %}P1 {{ _('hi') }}{% endblock %}");
    write("i18n/messages_en.properties", "hi=hello");
    Renderer renderer = Renders.renderer(onDisk(true));
    assertThat(renderer.render("page.peb", new JsonObject(), "en")).isEqualTo("[L1 P1 hello]");
    long misses = renderer.cacheMisses();
    assertThat(renderer.render("page.peb", new JsonObject(), "en")).isEqualTo("[L1 P1 hello]");
    assertThat(renderer.cacheMisses()).as("unchanged files stay compiled in dev mode").isEqualTo(misses);

    edit("layout.peb", "[L2 {% block body %}{% endblock %}]");
    assertThat(renderer.render("page.peb", new JsonObject(), "en")).isEqualTo("[L2 P1 hello]");

    edit("page.peb", "{% extends \"layout.peb\" %}{% block body %}P2 {{ _('hi') }}{% endblock %}");
    edit("i18n/messages_en.properties", "hi=howdy");
    assertThat(renderer.render("page.peb", new JsonObject(), "en")).isEqualTo("[L2 P2 howdy]");
  }

  @Test
  void aNewTemplateIsFoundAfterA404InDevelopmentMode() throws IOException {
    Renderer renderer = Renders.renderer(onDisk(true));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> renderer.render("late.peb", new JsonObject(), null))
        .hasMessage("template late.peb not found");

    write("late.peb", "here");

    assertThat(renderer.render("late.peb", new JsonObject(), null)).isEqualTo("here");
  }

  @Test
  void aFullCacheDropsTheLeastRecentlyUsedTemplate() {
    LruCache<String, String> cache = new LruCache<>(2, null);
    cache.computeIfAbsent("a", k -> "A");
    cache.computeIfAbsent("b", k -> "B");
    cache.computeIfAbsent("a", k -> "A again");
    cache.computeIfAbsent("c", k -> "C");

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.computeIfAbsent("a", k -> "A new")).isEqualTo("A");
    assertThat(cache.computeIfAbsent("b", k -> "B new")).isEqualTo("B new");
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.misses()).isEqualTo(4);
  }
}
