package io.squall.platform;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and sizes as people write them in a descriptor: {@code 30s}, {@code 500ms}, {@code 20m}, {@code 1h},
 * {@code 64KiB}, {@code 1MiB}. A bare number keeps the meaning the key always had (its declared unit).
 */
public final class Units {

  /** What the schema and messages show: a whole number and one unit. */
  static final String DURATION_PATTERN = "^[0-9]+(ms|s|m|h|d)$";
  static final String SIZE_PATTERN = "^[0-9]+(B|KiB|MiB|GiB)$";

  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("([0-9]+)(B|KiB|MiB|GiB)");
  private static final Map<String, Long> MILLIS = Map.of("ms", 1L, "s", 1000L, "m", 60_000L, "h", 3_600_000L,
      "d", 86_400_000L);
  private static final Map<String, Long> BYTES = Map.of("B", 1L, "KiB", 1024L, "MiB", 1024L * 1024,
      "GiB", 1024L * 1024 * 1024);

  private Units() {
  }

  /** Milliseconds of {@code 30s}, {@code 500ms}...; null when the text is not such a duration or overflows. */
  public static Long millis(String text) {
    return scaled(DURATION, MILLIS, text);
  }

  /** Bytes of {@code 64KiB}, {@code 1MiB}...; null when the text is not such a size or overflows. */
  public static Long bytes(String text) {
    return scaled(SIZE, BYTES, text);
  }

  /** {@code 20m} for 1,200,000 ms: the largest unit that divides it, for defaults in docs and the schema. */
  public static String duration(long millis) {
    for (String unit : new String[] {"d", "h", "m", "s"}) {
      long scale = MILLIS.get(unit);
      if (millis != 0 && millis % scale == 0) {
        return millis / scale + unit;
      }
    }
    return millis == 0 ? "0s" : millis + "ms";
  }

  /** {@code 1MiB} for 1,048,576. */
  public static String size(long bytes) {
    for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
      long scale = BYTES.get(unit);
      if (bytes != 0 && bytes % scale == 0) {
        return bytes / scale + unit;
      }
    }
    return bytes + "B";
  }

  /** The word for a bare number's unit in messages: "seconds". */
  static String word(TimeUnit unit) {
    return unit.name().toLowerCase(Locale.ROOT);
  }

  /** The suffix of a unit: {@code s} for seconds. */
  static String suffix(TimeUnit unit) {
    return switch (unit) {
      case MILLISECONDS -> "ms";
      case SECONDS -> "s";
      case MINUTES -> "m";
      case HOURS -> "h";
      case DAYS -> "d";
      default -> throw new IllegalArgumentException("durations are declared in ms, s, m, h or d, not " + unit);
    };
  }

  private static Long scaled(Pattern pattern, Map<String, Long> scales, String text) {
    // exactly what the schema's pattern takes, so an editor and `squall check` agree
    Matcher m = pattern.matcher(text);
    if (!m.matches() || m.group(1).length() > 15) {
      return null;
    }
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), scales.get(m.group(2)));
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
