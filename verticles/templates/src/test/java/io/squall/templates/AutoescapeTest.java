package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AutoescapeTest {

  private final Renderer renderer = Renders.renderer();
  private static final String XSRF = "<input type=\"hidden\" name=\"_xsrf\" value=\"2|abc|def\">";

  private String render(String template, String text) {
    return renderer.render(template, new JsonObject().put("text", text).put("xsrf_form_html", XSRF), "en");
  }

  @Test
  void escapesScriptTagsInHtmlTemplates() {
    String html = render("escape.peb", "<script>alert(1)</script>");

    assertThat(html).contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>").doesNotContain("<script>");
  }

  @Test
  void escapesBothQuotesSoAValueCannotLeaveItsAttribute() {
    String html = render("escape.peb", "x\" onmouseover=\"alert(1)' onfocus='alert(2)");

    assertThat(html)
        .contains("<a title=\"x&quot; onmouseover=&quot;alert(1)&#39; onfocus=&#39;alert(2)\"")
        .contains("<span title='x&quot; onmouseover=&quot;alert(1)&#39; onfocus=&#39;alert(2)'>")
        .doesNotContain("\" onmouseover=\"", "' onfocus='");
  }

  @Test
  void escapesQueryValuesWithTheUrlParamStrategy() {
    String html = render("escape.peb", "a&b=\"c\" d");

    assertThat(html).contains("href=\"/search?q=a%26b%3D%22c%22%20d\"");
  }

  @Test
  void outputsTheXsrfFormFieldRawOnlyThroughItsFunction() {
    String html = render("escape.peb", "t");

    assertThat(html).contains("\n" + XSRF + "<i>&lt;input type=&quot;hidden&quot;");
  }

  @Test
  void escapesByFileTypeJavaScriptTemplatesForJavaScriptAndTextNotAtAll() {
    String attack = "\";alert(1);//</script>";

    assertThat(render("escape.js.peb", attack)).isEqualTo("var s = \"\\\";alert(1);//<\\/script>\";\n");
    assertThat(render("escape.txt.peb", "<b>&")).isEqualTo("<b>& end\n");
  }

  @Test
  void picksTheEscapingStrategyFromTheFileName() {
    assertThat(Renderer.strategy("index.peb")).isEqualTo("html");
    assertThat(Renderer.strategy("mail/welcome.html.peb")).isEqualTo("html");
    assertThat(Renderer.strategy("app.js.peb")).isEqualTo("js");
    assertThat(Renderer.strategy("api/room.json.peb")).isEqualTo("json");
    assertThat(Renderer.strategy("theme.css.peb")).isEqualTo("css");
    assertThat(Renderer.strategy("mail/welcome.txt.peb")).isEqualTo(Renderer.NO_ESCAPING);
    assertThat(Renderer.strategy("v1.2/page.peb")).isEqualTo("html");
    assertThat(Renderer.strategy("odd.xyz.peb")).isEqualTo("html");
  }
}
