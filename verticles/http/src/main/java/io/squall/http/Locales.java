package io.squall.http;

import java.util.List;
import java.util.Locale;

/**
 * Tornado's {@code get_browser_locale}: the best of the supported locales for an {@code Accept-Language}
 * header, by the JDK's RFC 4647 lookup; the default when nothing matches or the header is malformed.
 */
final class Locales {

  private final List<String> supported;
  private final String fallback;

  Locales(List<String> supported, String fallback) {
    this.supported = supported;
    this.fallback = fallback;
  }

  String negotiate(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 512) {
      return fallback;
    }
    try {
      List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
      if (supported.isEmpty()) {
        return ranges.stream().map(Locale.LanguageRange::getRange).filter(r -> !r.equals("*")).findFirst()
            .orElse(fallback);
      }
      String match = Locale.lookupTag(ranges, supported);
      return match != null ? match : fallback;
    } catch (IllegalArgumentException malformed) {
      return fallback;
    }
  }
}
