package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class I18nTest {

  private final Renderer renderer = Renders.renderer();

  private String render(String locale, long count) {
    return renderer.render("i18n.peb", new JsonObject().put("name", "Ann").put("count", count), locale);
  }

  @Test
  void translatesIntoTwoLocalesWithTheirPluralForms() {
    assertThat(render("en", 1)).startsWith("Hello Ann|One message|");
    assertThat(render("en", 2)).startsWith("Hello Ann|2 messages|");
    assertThat(render("en", 1500)).startsWith("Hello Ann|1,500 messages|");
    assertThat(render("fr", 1)).startsWith("Bonjour Ann|1 message|");
    assertThat(render("fr", 2)).startsWith("Bonjour Ann|2 messages|");
    assertThat(render("fr", 1500)).matches("Bonjour Ann\\|1\\h500 messages\\|.*");
  }

  @Test
  void anExplicitZeroFormWinsOverTheLanguageRule() {
    assertThat(render("en", 0)).startsWith("Hello Ann|No messages|");
    assertThat(render("fr", 0)).startsWith("Bonjour Ann|Aucun message|");
  }

  @Test
  void usesTheFewAndManyFormsOfLanguagesThatHaveThem() {
    assertThat(render("pl", 1)).contains("|1 wiadomość|");
    assertThat(render("pl", 3)).contains("|3 wiadomości|");
    assertThat(render("pl", 5)).contains("|5 wiadomości (many)|");
    assertThat(render("pl", 22)).contains("|22 wiadomości|");
    assertThat(PluralRules.category(Locale.forLanguageTag("ru"), 21)).isEqualTo("one");
    assertThat(PluralRules.category(Locale.forLanguageTag("ru"), 11)).isEqualTo("many");
    assertThat(PluralRules.category(Locale.forLanguageTag("fr"), 0)).isEqualTo("one");
    assertThat(PluralRules.category(Locale.forLanguageTag("pt-PT"), 0)).isEqualTo("other");
    assertThat(PluralRules.category(Locale.forLanguageTag("ja"), 1)).isEqualTo("other");
    assertThat(PluralRules.category(Locale.forLanguageTag("ar"), 2)).isEqualTo("two");
  }

  @Test
  void fallsBackToTheDefaultLocaleThenToTheKeyItself() {
    // fr has no "only.english"; de has no bundle at all; nobody has "No translation"
    assertThat(render("fr", 1)).endsWith("|Only in English|No translation");
    assertThat(render("de-AT", 2)).isEqualTo("Hello Ann|2 messages|Only in English|No translation");
    assertThat(render("fr-CA", 2)).startsWith("Bonjour Ann|");
    assertThat(render(null, 2)).startsWith("Hello Ann|");
    assertThat(render("not a locale!", 2)).startsWith("Hello Ann|");
  }

  @Test
  void takesTheLocaleFromTheContextWhenTheRequestHasNone() {
    String html = renderer.render("i18n.peb", new JsonObject().put("name", "Ann").put("count", 2).put("locale", "fr"), null);

    assertThat(html).startsWith("Bonjour Ann|2 messages|");
  }

  @Test
  void formatsNumbersAndDatesPerLocaleInTheConfiguredTimeZone() {
    Renderer paris = Renders.renderer(Renders.testOptions().setTimeZone("Europe/Paris"));
    JsonObject context = new JsonObject().put("n", 1234567.891).put("ratio", 0.25)
        .put("ts", 1_764_028_800_000L); // 2025-11-25T00:00:00Z, 01:00 in Paris

    assertThat(spaced(paris.render("formats.peb", context, "en-US")))
        .isEqualTo("1,234,567.891|25%|November 25, 2025|11/25/25, 1:00 AM|9:00 AM|€1,234,567.89");
    assertThat(spaced(paris.render("formats.peb", context, "fr")))
        .isEqualTo("1 234 567,891|25 %|25 novembre 2025|25/11/2025 01:00|09:00|1 234 567,89 €");
    assertThat(Renders.renderer().render("formats.peb", context.copy().put("ts", "2025-11-24T23:30:00-01:00"), "de"))
        .contains("|25. November 2025|25.11.25, 00:30|");
  }

  /** CLDR puts (narrow) no-break spaces in numbers and times; which ones depends on the JDK's CLDR version. */
  private static String spaced(String s) {
    return s.replace('\u202f', ' ').replace('\u00a0', ' ');
  }
}
