package io.squall.templates;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Currency;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code format_date} and {@code format_number}: the locale's own formats, from the JDK's CLDR data. */
final class Formats {

  private static final int MAX_CACHED = 1000;
  private static final Map<String, DateTimeFormatter> DATE_FORMATS = new ConcurrentHashMap<>();

  private Formats() {
  }

  /**
   * A date and time in {@code zone}, in the locale's {@code style}: {@code short}, {@code medium} (the default),
   * {@code long}, {@code full} for date and time; {@code date_short} ... {@code date_full} or {@code time_short} ...
   * {@code time_full} for one of them; anything else is a {@link DateTimeFormatter} pattern ({@code yyyy-MM-dd}).
   * The value is epoch milliseconds (what Squall's messages carry as {@code ts}), an ISO-8601 string
   * ({@code 2026-11-25T10:15:30Z}, {@code 2026-11-25T10:15:30}, {@code 2026-11-25}) or a java.time value; null gives "".
   */
  static String date(Object value, String style, Locale locale, ZoneId zone) {
    if (value == null) {
      return "";
    }
    TemporalAccessor when = temporal(value, zone);
    String s = style == null ? "medium" : style;
    boolean dateOnly = when instanceof LocalDate;
    // a page formats every message's time: build each formatter once (they are immutable and thread-safe); styles
    // are template literals, so the map stays small, and it stops growing at a bound anyway
    String key = s + (dateOnly ? "|d|" : "|t|") + locale.toLanguageTag();
    DateTimeFormatter known = DATE_FORMATS.get(key);
    if (known != null) {
      return known.format(when);
    }
    DateTimeFormatter format = switch (s) {
      case "short", "medium", "long", "full" -> dateOnly ? DateTimeFormatter.ofLocalizedDate(style(s))
          : DateTimeFormatter.ofLocalizedDateTime(style(s));
      case "date_short", "date_medium", "date_long", "date_full" ->
          DateTimeFormatter.ofLocalizedDate(style(s.substring(5)));
      case "time_short", "time_medium", "time_long", "time_full" ->
          DateTimeFormatter.ofLocalizedTime(style(s.substring(5)));
      default -> DateTimeFormatter.ofPattern(s);
    };
    format = format.withLocale(locale);
    if (DATE_FORMATS.size() < MAX_CACHED) {
      DATE_FORMATS.put(key, format);
    }
    return format.format(when);
  }

  private static FormatStyle style(String name) {
    return FormatStyle.valueOf(name.toUpperCase(Locale.ROOT));
  }

  private static TemporalAccessor temporal(Object value, ZoneId zone) {
    if (value instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue()).atZone(zone);
    }
    if (value instanceof Date d) {
      return d.toInstant().atZone(zone);
    }
    if (value instanceof Instant i) {
      return i.atZone(zone);
    }
    if (value instanceof OffsetDateTime o) {
      return o.atZoneSameInstant(zone);
    }
    if (value instanceof ZonedDateTime z) {
      return z.withZoneSameInstant(zone);
    }
    if (value instanceof LocalDateTime l) {
      return l.atZone(zone);
    }
    if (value instanceof LocalDate d) {
      return d;
    }
    String text = value.toString();
    try {
      return OffsetDateTime.parse(text).atZoneSameInstant(zone);
    } catch (DateTimeParseException e) {
      // not with an offset
    }
    try {
      return LocalDateTime.parse(text).atZone(zone);
    } catch (DateTimeParseException e) {
      // not a local date and time
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("format_date(): not a date: " + text);
    }
  }

  /**
   * A number in the locale's {@code style}: {@code number} (the default: grouping, up to 3 decimals),
   * {@code integer}, {@code percent} (0.25 is 25 %), {@code currency} (with the {@code currency} ISO code, or the
   * locale's own), {@code compact} (1.2K); anything else is a {@link DecimalFormat} pattern ({@code #,##0.00}).
   */
  static String number(Object value, String style, String currency, Locale locale) {
    if (value == null) {
      return "";
    }
    Number n = value instanceof Number num ? num : new BigDecimal(value.toString().trim());
    String s = style == null ? "number" : style;
    NumberFormat format = switch (s) {
      case "number" -> NumberFormat.getNumberInstance(locale);
      case "integer" -> NumberFormat.getIntegerInstance(locale);
      case "percent" -> NumberFormat.getPercentInstance(locale);
      case "compact" -> NumberFormat.getCompactNumberInstance(locale, NumberFormat.Style.SHORT);
      case "currency" -> {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        if (currency != null) {
          f.setCurrency(Currency.getInstance(currency));
        }
        yield f;
      }
      default -> new DecimalFormat(s, DecimalFormatSymbols.getInstance(locale));
    };
    return format.format(n);
  }
}
