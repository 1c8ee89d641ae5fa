package io.squall.platform;

import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One config key a verticle accepts: its name, type, default, unit, allowed range or values, whether it is a secret
 * or names a file, and one line of meaning. Keys are immutable; the modifiers return a changed copy.
 *
 * <pre>
 * ConfigKey.port("port", 8080, "Port the server listens on")
 * ConfigKey.duration("idleTimeout", Duration.ofSeconds(60), TimeUnit.SECONDS, "How long a keep-alive connection may sit idle")
 * ConfigKey.string("usersFile", null, "YAML file of users").file()
 * </pre>
 *
 * {@link ConfigKeys} groups them; {@code squall check}, {@code squall run} and {@code squall schema} read them.
 */
public final class ConfigKey {

  /** What a key holds. */
  public enum Type { STRING, BOOLEAN, INTEGER, NUMBER, DURATION, SIZE, STRINGS, OBJECT, LIST, MAP, JSON }

  /** Whether a string key names something on disk (or {@code classpath:} for folders of resources). */
  enum PathKind { NONE, FILE, DIR }

  final String name;
  final Type type;
  final String meaning;
  Object defaultValue;
  Long min;
  Long max;
  TimeUnit unit;
  List<String> values;
  Pattern pattern;
  String patternMeaning;
  ConfigKeys nested;
  boolean alsoBoolean;
  boolean secret;
  boolean required;
  PathKind path = PathKind.NONE;

  private ConfigKey(String name, Type type, Object defaultValue, String meaning) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = type;
    this.defaultValue = defaultValue;
    this.meaning = Objects.requireNonNull(meaning, "meaning");
  }

  /** Keys are shared constants: every modifier changes a copy. */
  private ConfigKey copy() {
    ConfigKey k = new ConfigKey(name, type, defaultValue, meaning);
    k.min = min;
    k.max = max;
    k.unit = unit;
    k.values = values;
    k.pattern = pattern;
    k.patternMeaning = patternMeaning;
    k.nested = nested;
    k.alsoBoolean = alsoBoolean;
    k.secret = secret;
    k.required = required;
    k.path = path;
    return k;
  }

  public static ConfigKey string(String name, String defaultValue, String meaning) {
    return new ConfigKey(name, Type.STRING, defaultValue, meaning);
  }

  /** A string that must be one of {@code values} (case-sensitive). */
  public static ConfigKey oneOf(String name, String defaultValue, List<String> values, String meaning) {
    ConfigKey k = new ConfigKey(name, Type.STRING, defaultValue, meaning);
    k.values = List.copyOf(values);
    return k;
  }

  public static ConfigKey bool(String name, boolean defaultValue, String meaning) {
    return new ConfigKey(name, Type.BOOLEAN, defaultValue, meaning);
  }

  /** A whole number from {@code min} to {@code max}; {@code defaultValue} null when the key has none. */
  public static ConfigKey integer(String name, Long defaultValue, long min, long max, String meaning) {
    return new ConfigKey(name, Type.INTEGER, defaultValue, meaning).range(min, max);
  }

  public static ConfigKey integer(String name, long defaultValue, long min, long max, String meaning) {
    return integer(name, Long.valueOf(defaultValue), min, max, meaning);
  }

  /** Any number (fractions allowed) from {@code min} to {@code max}. */
  public static ConfigKey number(String name, Double defaultValue, long min, long max, String meaning) {
    return new ConfigKey(name, Type.NUMBER, defaultValue, meaning).range(min, max);
  }

  /** A TCP port; 0 asks for any free one (the node reports the port it got). */
  public static ConfigKey port(String name, int defaultValue, String meaning) {
    return integer(name, defaultValue, 0, 65535, meaning);
  }

  /**
   * A duration: {@code 30s}, {@code 500ms}, {@code 20m}, {@code 1h}, or a bare number in {@code unit}, which the
   * verticle reads (the unit it always had, so descriptors that run today keep their meaning).
   */
  public static ConfigKey duration(String name, Duration defaultValue, TimeUnit unit, String meaning) {
    Units.suffix(unit);
    ConfigKey k = new ConfigKey(name, Type.DURATION, defaultValue == null ? null : unit.convert(defaultValue), meaning);
    k.unit = unit;
    k.min = 0L;
    return k;
  }

  /** A size in bytes: {@code 64KiB}, {@code 1MiB}, or a bare number of bytes. */
  public static ConfigKey size(String name, Long defaultValue, String meaning) {
    return new ConfigKey(name, Type.SIZE, defaultValue, meaning).range(0, Long.MAX_VALUE);
  }

  /** A list of strings. */
  public static ConfigKey strings(String name, List<String> defaultValue, String meaning) {
    return new ConfigKey(name, Type.STRINGS, defaultValue == null ? null : new JsonArray(List.copyOf(defaultValue)),
        meaning);
  }

  /** A mapping whose own keys are declared by {@code keys}. */
  public static ConfigKey object(String name, ConfigKeys keys, String meaning) {
    ConfigKey k = new ConfigKey(name, Type.OBJECT, null, meaning);
    k.nested = Objects.requireNonNull(keys);
    return k;
  }

  /** A list of mappings, each declared by {@code keys} (routes, permits). */
  public static ConfigKey list(String name, ConfigKeys keys, String meaning) {
    ConfigKey k = new ConfigKey(name, Type.LIST, null, meaning);
    k.nested = Objects.requireNonNull(keys);
    return k;
  }

  /** A mapping of names the user chooses to scalar values (strings, numbers, booleans). */
  public static ConfigKey map(String name, String meaning) {
    return new ConfigKey(name, Type.MAP, null, meaning);
  }

  /** Any JSON value, checked by the verticle itself (a {@link ConfigKeys.Rule}). */
  public static ConfigKey json(String name, String meaning) {
    return new ConfigKey(name, Type.JSON, null, meaning);
  }

  /** Bounds, inclusive: for durations in the declared unit, for sizes in bytes. */
  public ConfigKey range(long min, long max) {
    ConfigKey k = copy();
    k.min = min;
    k.max = max;
    return k;
  }

  /** A string must match {@code regex}; {@code what} says in words what it is ("lower-case letters and '-'"). */
  public ConfigKey pattern(String regex, String what) {
    ConfigKey k = copy();
    k.pattern = Pattern.compile(regex);
    k.patternMeaning = what;
    return k;
  }

  /** A string key that also takes {@code true} or {@code false} (e.g. "on with its default path" or "off"). */
  public ConfigKey orBoolean() {
    ConfigKey k = copy();
    k.alsoBoolean = true;
    return k;
  }

  /** Its value is never shown: not in messages, not in logs. */
  public ConfigKey secret() {
    ConfigKey k = copy();
    k.secret = true;
    return k;
  }

  public ConfigKey required() {
    ConfigKey k = copy();
    k.required = true;
    return k;
  }

  /** The string names a file that must exist and be readable when the descriptor is checked. */
  public ConfigKey file() {
    ConfigKey k = copy();
    k.path = PathKind.FILE;
    return k;
  }

  /** The string names a folder that must exist ({@code classpath:NAME} for one inside the jars). */
  public ConfigKey dir() {
    ConfigKey k = copy();
    k.path = PathKind.DIR;
    return k;
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public String meaning() {
    return meaning;
  }

  public boolean isSecret() {
    return secret;
  }

  /** The keys of an object, or of each item of a list; null for other types. */
  public ConfigKeys nested() {
    return nested;
  }

  /** The default as a person writes it ({@code 60s}, {@code 1MiB}, {@code [user]}), or null. */
  public String defaultText() {
    if (defaultValue == null) {
      return null;
    }
    return switch (type) {
      case DURATION -> Units.duration(TimeUnit.MILLISECONDS.convert((Long) defaultValue, unit));
      case SIZE -> Units.size((Long) defaultValue);
      case STRINGS -> ((JsonArray) defaultValue).encode();
      default -> String.valueOf(defaultValue);
    };
  }

  /** The type in words, for docs: "duration (bare number: seconds), at least 1s". */
  public String typeText() {
    String range = rangeText();
    return range.isEmpty() ? baseTypeText() : baseTypeText() + ", " + range;
  }

  /** "from 1 to 1000", "at least 1s", or "" when the only limits are those of the field's Java type. */
  String rangeText() {
    if (type != Type.INTEGER && type != Type.NUMBER && type != Type.DURATION && type != Type.SIZE
        || min != null && min == 0 && max != null && max == 65535) {
      return "";
    }
    boolean unbounded = max == null || max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
    boolean fromZero = min == null || min == 0 || type == Type.INTEGER && min == Long.MIN_VALUE;
    if (unbounded) {
      return fromZero ? "" : "at least " + amount(min);
    }
    return "from " + amount(min == null ? 0 : min) + " to " + amount(max);
  }

  /** A bound as a person writes it: {@code 10m} for a duration, {@code 64KiB} for a size. */
  String amount(long n) {
    return switch (type) {
      case DURATION -> Units.duration(TimeUnit.MILLISECONDS.convert(n, unit));
      case SIZE -> Units.size(n);
      default -> Long.toString(n);
    };
  }

  private String baseTypeText() {
    return switch (type) {
      case STRING -> values != null ? String.join(" \\| ", values) : alsoBoolean ? "string or boolean"
          : path == PathKind.FILE ? "file" : path == PathKind.DIR ? "folder" : "string";
      case BOOLEAN -> "boolean";
      case INTEGER -> min != null && min == 0 && max != null && max == 65535 ? "port" : "integer";
      case NUMBER -> "number";
      case DURATION -> "duration (bare number: " + Units.word(unit) + ")";
      case SIZE -> "size (bare number: bytes)";
      case STRINGS -> "list of strings";
      case OBJECT -> "mapping";
      case LIST -> "list of mappings";
      case MAP -> "mapping of names to values";
      case JSON -> "any";
    };
  }
}
