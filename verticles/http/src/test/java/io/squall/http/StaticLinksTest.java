package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** static_url for templates: the http verticle ships {@code _links.static} in every template context. */
class StaticLinksTest {

  private static final String APP_CSS = "body { color: #222; }\n";

  private final LinkedBlockingQueue<JsonObject> contexts = new LinkedBlockingQueue<>();
  @TempDir
  Path root;
  private Vertx vertx;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(root.resolve("app.css"), APP_CSS);
    Files.createDirectories(root.resolve("js"));
    Files.writeString(root.resolve("js/site app.js"), "alert(1)");
    Files.writeString(root.resolve(".env"), "SECRET=env");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "[core]");
    vertx = Vertx.vertx();
    // The templates service, maybe on another node: it only sees what the message carries.
    vertx.eventBus().<JsonObject>consumer(Addresses.TEMPLATES_RENDER, m -> {
      contexts.add(m.body().getJsonObject("context"));
      m.reply(new JsonObject().put("html", "<p>page</p>"));
    });
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static RouteOptions page() {
    return new RouteOptions().setName("page").setPath("/page").setKind(RouteOptions.Kind.TEMPLATE)
        .setTemplate("page.peb");
  }

  private static RouteOptions files(String path, String dir) {
    return new RouteOptions().setPath(path).setKind(RouteOptions.Kind.STATIC).setDir(dir);
  }

  private int deploy(boolean dev, RouteOptions... routes) {
    return HttpServers.deploy(vertx, new HttpOptions().setDev(dev).setAccessLog(false).setRoutes(List.of(routes)));
  }

  private static HttpResponse<String> get(int port, String path) {
    return SquallClient.to(port).get(path);
  }

  /** The {@code _links.static} the templates service received for one page. */
  private JsonObject staticLinks(int port) throws Exception {
    contexts.clear();
    assertThat(get(port, "/page").statusCode()).isEqualTo(200);
    JsonObject context = contexts.poll(10, TimeUnit.SECONDS);
    assertThat(context).isNotNull();
    return context.getJsonObject("_links").getJsonObject("static");
  }

  private static String version(String content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)))
        .substring(0, StaticFiles.VERSION_LENGTH);
  }

  @Test
  void theTemplateContextCarriesVersionedUrlsThatTheStaticRouteServesImmutable() throws Exception {
    int port = deploy(false, page(), files("/static/*", root.toString()));
    JsonObject links = staticLinks(port);

    String url = links.getString("app.css");
    assertThat(url).isEqualTo("/static/app.css?v=" + version(APP_CSS));
    assertThat(url).isEqualTo(StaticFiles.create(vertx, "/static/*", root.toString(), false).url("app.css")
        .toCompletionStage().toCompletableFuture().join());
    assertThat(links.getString("js/site app.js")).isEqualTo("/static/js/site%20app.js?v=" + version("alert(1)"));
    assertThat(links.fieldNames()).containsExactlyInAnyOrder("app.css", "js/site app.js"); // nothing hidden

    HttpResponse<String> css = get(port, url);
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.body()).isEqualTo(APP_CSS);
    assertThat(css.headers().firstValue("cache-control")).hasValue(StaticRoute.CACHE_IMMUTABLE);
    assertThat(get(port, links.getString("js/site app.js")).headers().firstValue("cache-control"))
        .hasValue(StaticRoute.CACHE_IMMUTABLE);

    assertThat(contexts).isEmpty(); // static requests render nothing
    assertThat(staticLinks(port)).isEqualTo(links); // computed once
  }

  @Test
  void urlRoutesStillTravelWithTheStaticOnes() throws Exception {
    int port = deploy(false, page(), files("/static/*", root.toString()));
    contexts.clear();
    get(port, "/page");
    JsonObject all = contexts.poll(10, TimeUnit.SECONDS).getJsonObject("_links");
    assertThat(all.getJsonObject("routes").getString("page")).isEqualTo("/page");
    assertThat(all.getJsonObject("static").getString("app.css")).startsWith("/static/app.css?v=");
  }

  @Test
  void theEarlierRouteWinsAClash() throws Exception {
    // src/test/resources/webroot (on the class path, unpacked) holds an app.css of its own. A dir that does not exist
    // or is a file is refused before the start (HttpConfigTest), so every folder here can be listed.
    int port = deploy(false, page(), files("/static/*", root.toString()), files("/assets/*", "classpath:webroot"));
    JsonObject links = staticLinks(port);
    assertThat(links.getString("app.css")).startsWith("/static/app.css?v=");
    assertThat(links.fieldNames()).containsExactlyInAnyOrder("app.css", "js/site app.js");

    int other = deploy(false, page(), files("/assets/*", "classpath:webroot"), files("/static/*", root.toString()));
    assertThat(staticLinks(other).getString("app.css")).startsWith("/assets/app.css?v=");
    assertThat(get(other, staticLinks(other).getString("app.css")).headers().firstValue("cache-control"))
        .hasValue(StaticRoute.CACHE_IMMUTABLE);
  }

  @Test
  void withoutDevModeTheVersionsAreThoseOfStartLikeTheStaticRoutesOwn() throws Exception {
    int port = deploy(false, page(), files("/static/*", root.toString()));
    String before = staticLinks(port).getString("app.css");
    change(root.resolve("app.css"), "body { color: red; }\n");
    assertThat(staticLinks(port).getString("app.css")).isEqualTo(before);
  }

  @Test
  void devModeShipsTheNewVersionOnTheNextPageAfterAFileChanges() throws Exception {
    int port = deploy(true, page(), files("/static/*", root.toString()));
    assertThat(staticLinks(port).getString("app.css")).endsWith("?v=" + version(APP_CSS));

    change(root.resolve("app.css"), "body { color: red; }\n");
    Files.writeString(root.resolve("new.css"), "p {}");
    JsonObject links = staticLinks(port);
    String url = links.getString("app.css");
    assertThat(url).isEqualTo("/static/app.css?v=" + version("body { color: red; }\n"));
    assertThat(links.getString("new.css")).isEqualTo("/static/new.css?v=" + version("p {}"));
    HttpResponse<String> css = get(port, url);
    assertThat(css.body()).isEqualTo("body { color: red; }\n");
    assertThat(css.headers().firstValue("cache-control")).hasValue(StaticRoute.CACHE_IMMUTABLE);
  }

  @Test
  void listingStopsAtTheFileLimit() throws Exception {
    Files.writeString(root.resolve("b.css"), "b");
    StaticLinks limited = new StaticLinks(vertx, false, 2)
        .add(StaticFiles.create(vertx, "/static/*", root.toString(), false))
        .add(StaticFiles.create(vertx, "/more/*", root.toString(), false));
    limited.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    JsonObject links = limited.links().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // in name order: app.css, b.css, js/site app.js
    assertThat(links.fieldNames()).containsExactlyInAnyOrder("app.css", "b.css");
  }

  /** New content with a later modification time, as an editor's save would leave it. */
  private static void change(Path file, String content) throws Exception {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 10_000));
  }
}
