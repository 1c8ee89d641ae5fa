package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HelpersTest {

  private final Renderer renderer = Renders.renderer(Renders.testOptions().setDev(true));

  @Test
  void buildsUrlsFromTheRoutePatternsWithEncodedValuesGivenByPositionMapOrName() {
    String html = renderer.render("links.peb", new JsonObject().put("room", "café/1 &2").put("_links", Renders.links()),
        "en");

    String room = "/rooms/caf%C3%A9%2F1%20%262";
    // the page is HTML: the query's '&' is escaped like any other, which is right inside href="..."
    assertThat(html.split("\\|")).containsExactly(room, room, room, "/search?q=caf%C3%A9%2F1+%262&amp;page=2",
        "/static/app.css?v=0123456789ab", "/static/img/a%20b.png");
  }

  @Test
  void linkifyEscapesEverythingAndLinksOnlyHttpUrls() {
    String html = renderer.render("linkify.peb", new JsonObject().put("text",
        "see https://squall.example/a?b=1&c=<2>. <script>alert(1)</script> javascript:alert(1) \"http://x.example\""), "en");

    assertThat(html.strip()).isEqualTo("see <a href=\"https://squall.example/a?b=1&amp;c=\" rel=\"nofollow noopener "
        + "noreferrer\" target=\"_blank\">https://squall.example/a?b=1&amp;c=</a>&lt;2&gt;. &lt;script&gt;alert(1)"
        + "&lt;/script&gt; javascript:alert(1) &quot;<a href=\"http://x.example\" rel=\"nofollow noopener noreferrer\" "
        + "target=\"_blank\">http://x.example</a>&quot;");
  }

  @Test
  void failsTheRenderWhenARouteParameterIsMissingOrTheRouteIsUnknown() {
    JsonObject context = new JsonObject().put("_links", Renders.links());

    assertThatThrownBy(() -> renderer.render("missing-param.peb", context, "en"))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(500))
        .hasMessageContaining("missing-param.peb line 1").hasMessageContaining("missing parameter 'room'");
    assertThatThrownBy(() -> renderer.render("fails.peb", context, "en"))
        .hasMessageContaining("fails.peb line 2").hasMessageContaining("no route named 'nowhere'");
  }

  @Test
  void buildsUrlsWithoutAnyContextLinksOnlyForStaticFiles() {
    assertThat(Links.staticUrl(null, "/css/site.css")).isEqualTo("/static/css/site.css");
    assertThatThrownBy(() -> renderer.render("links.peb", new JsonObject().put("room", "x"), "en"))
        .hasMessageContaining("no route named 'room'");
  }
}
