package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unbescape.html.HtmlEscape;

/** HtmlEscaper must escape exactly as the strategy it replaces, Pebble's default html (unbescape's escapeHtml4Xml). */
class HtmlEscaperTest {

  private final HtmlEscaper escaper = HtmlEscaper.INSTANCE;

  @Test
  void escapesEveryCharAsUnbescapeDoes() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String s = "a" + (char) c + "b";
      assertThat(escaper.escape(s)).as("char %04x", c).isEqualTo(HtmlEscape.escapeHtml4Xml(s));
    }
  }

  @Test
  void escapesTheFiveMarkupCharacters() {
    assertThat(escaper.escape("<b>\"Tom\" & 'Jerry'</b>"))
        .isEqualTo("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
  }

  @Test
  void escapesRandomStringsAsUnbescapeDoes() {
    // mostly the characters that matter, next to ASCII, Latin-1, other BMP chars, surrogate pairs and lone halves
    String alphabet = "<>&\"'a Z0;#\u0000\t\n\u00e9\u00ff\u0100\u20ac\ud83d\ude00\ud800\udc00";
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String input = s.toString();
      assertThat(escaper.escape(input)).as("escape(%s)", input).isEqualTo(HtmlEscape.escapeHtml4Xml(input));
    }
  }

  @Test
  void returnsTheSameStringWhenNothingNeedsEscaping() {
    String plain = "Row 1, nothing to see \u00e9\ud83d\ude00";

    assertThat(escaper.escape(plain)).isSameAs(plain);
    assertThat(escaper.escape("")).isEmpty();
    assertThat(escaper.escape(null)).isNull();
  }
}
