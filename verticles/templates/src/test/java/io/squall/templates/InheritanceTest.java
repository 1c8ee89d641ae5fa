package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class InheritanceTest {

  private final Renderer renderer = Renders.renderer();

  @Test
  void aChildFillsTheLayoutBlocksIncludesPartialsAndCallsImportedMacros() {
    JsonObject context = new JsonObject().put("user", "ann").put("label", "Go <now>")
        .put("items", new JsonArray().add("tea").add("<cake>")).put("_links", Renders.links());

    String html = renderer.render("child.peb", context, "en");

    assertThat(html).isEqualTo("<html><title>Child · Base</title>\n"
        + "<body><li>1: tea for ann</li><li>2: &lt;cake&gt; for ann</li>"
        + "<button formaction=\"/rooms/lobby\">Go &lt;now&gt;</button>|footer of ann</body></html>\n");
  }

  @Test
  void namesStartingWithDotAreRelativeToTheIncludingTemplate() {
    String html = renderer.render("partials/relative.peb", new JsonObject().put("user", "ann").put("name", "bo"), "en");

    assertThat(html).isEqualTo("footer of ann|hello bo");
  }

  @Test
  void theBundledExamplePageRendersInItsLayoutWithHelpersAndMessages() {
    Renderer bundled = Renders.renderer(new TemplatesOptions());
    JsonObject context = new JsonObject()
        .put("current_user", new JsonObject().put("id", "u1").put("name", "Zoë <admin>").put("roles", new JsonArray()))
        .put("xsrf_form_html", "<input type=\"hidden\" name=\"_xsrf\" value=\"tok\">")
        .put("request", new JsonObject().put("path", "/").put("method", "GET"))
        .put("rooms", new JsonArray().add("lobby").add("café & co")).put("_links", Renders.links());

    String en = bundled.render("index.peb", context, "en");
    String fr = bundled.render("index.peb", context, "fr");

    assertThat(en).startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
        .contains("<title>Rooms · Squall chat</title>")
        .contains("<link rel=\"stylesheet\" href=\"/static/app.css?v=0123456789ab\">")
        .contains("Signed in as Zoë &lt;admin&gt;")
        .contains("<input type=\"hidden\" name=\"_xsrf\" value=\"tok\">")
        .contains("<p class=\"count\">2 rooms</p>")
        .contains("<a class=\"room\" href=\"/rooms/caf%C3%A9%20%26%20co\">#café &amp; co</a>")
        .doesNotContain("Sign in to talk");
    assertThat(fr).contains("<html lang=\"fr\">", "<title>Salons · Squall chat</title>", "2 salons",
        "Connecté en tant que Zoë &lt;admin&gt;");
  }

  @Test
  void theBundledRoomAndLoginPagesRenderForAGuest() {
    Renderer bundled = Renders.renderer(new TemplatesOptions());
    JsonObject room = new JsonObject().putNull("current_user").put("path", new JsonObject().put("room", "lobby"))
        .put("request", new JsonObject().put("path", "/rooms/lobby").put("method", "GET"))
        .put("messages", new JsonArray().add(new JsonObject().put("seq", 7).put("from", "bob")
            .put("ts", 1_764_000_000_000L).put("data", new JsonObject().put("text", "<hi>"))))
        .put("_links", Renders.links());
    JsonObject login = new JsonObject().put("query", new JsonObject().put("error", "invalid").put("next", "/rooms/x"))
        .put("request", new JsonObject().put("path", "/login").put("method", "GET"));

    assertThat(bundled.render("room.peb", room, "fr"))
        .contains("<title>#lobby · Squall chat</title>", "1 message", "<span class=\"text\">&lt;hi&gt;</span>",
            "<time datetime=\"2025-11-24T16:00:00Z\">16:00</time>", "action=\"/rooms/lobby/messages\"",
            "href=\"/login?next=/rooms/lobby\"", "<script src=\"/static/chat.js\" defer>");
    assertThat(bundled.render("login.peb", login, "en"))
        .contains("Wrong user name or password.", "name=\"next\" value=\"/rooms/x\"");
  }
}
