package io.squall.templates;

import java.util.Locale;
import java.util.Set;

/**
 * Which plural form a whole number takes in a language: the CLDR categories {@code zero, one, two, few, many,
 * other}, for integers (what counts of messages, users and rooms are), for the languages most apps ship. A language
 * not listed here gets the English rule, which is right for most European languages. Fractions are formatted by
 * {@code _()} with a MessageFormat pattern instead.
 */
final class PluralRules {

  private static final Set<String> ONLY_OTHER = Set.of("ja", "zh", "ko", "th", "vi", "id", "ms", "lo", "my", "km");
  private static final Set<String> ZERO_OR_ONE_IS_ONE = Set.of("fr", "pt", "hi", "bn", "fa", "am", "zu", "kab");
  private static final Set<String> EAST_SLAVIC = Set.of("ru", "uk", "be", "sr", "hr", "bs");
  private static final Set<String> WEST_SLAVIC = Set.of("cs", "sk");

  private PluralRules() {
  }

  static String category(Locale locale, long n) {
    String language = locale.getLanguage();
    long abs = Math.abs(n);
    long mod10 = abs % 10;
    long mod100 = abs % 100;
    if (ONLY_OTHER.contains(language)) {
      return "other";
    }
    if (ZERO_OR_ONE_IS_ONE.contains(language)) {
      // pt-PT follows the English rule; Brazilian Portuguese (and pt alone) says "0 mensagem" like French
      if ("pt".equals(language) && "PT".equals(locale.getCountry())) {
        return abs == 1 ? "one" : "other";
      }
      return abs <= 1 ? "one" : "other";
    }
    if (EAST_SLAVIC.contains(language)) {
      if (mod10 == 1 && mod100 != 11) {
        return "one";
      }
      if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) {
        return "few";
      }
      return "many";
    }
    if ("pl".equals(language)) {
      if (abs == 1) {
        return "one";
      }
      if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) {
        return "few";
      }
      return "many";
    }
    if (WEST_SLAVIC.contains(language)) {
      return abs == 1 ? "one" : abs >= 2 && abs <= 4 ? "few" : "other";
    }
    if ("ar".equals(language)) {
      if (abs <= 2) {
        return abs == 0 ? "zero" : abs == 1 ? "one" : "two";
      }
      return mod100 >= 3 && mod100 <= 10 ? "few" : mod100 >= 11 ? "many" : "other";
    }
    return abs == 1 ? "one" : "other";
  }
}
