package io.squall.platform;

import io.squall.platform.ConfigKey.PathKind;
import io.squall.platform.ConfigKey.Type;
import io.squall.platform.ConfigKeys.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Checks a config against its {@link ConfigKeys}, and converts units once it passed. */
final class ConfigCheck {

  /** Unknown keys list the known ones when there are at most this many; more would bury the line. */
  private static final int LIST_KEYS_UP_TO = 12;

  private final ClassLoader loader;
  private final boolean lookUpFiles;
  private final List<Problem> problems = new ArrayList<>();

  /** {@code lookUpFiles} false: keys naming files are not looked up (a descriptor checked away from its machine). */
  ConfigCheck(ClassLoader loader, boolean lookUpFiles) {
    this.loader = loader != null ? loader : ConfigCheck.class.getClassLoader();
    this.lookUpFiles = lookUpFiles;
  }

  List<Problem> check(ConfigKeys keys, JsonObject config) {
    object(keys, config, "");
    return problems;
  }

  private void object(ConfigKeys keys, JsonObject config, String at) {
    int before = problems.size();
    int deeper = 0;
    for (String name : config.fieldNames()) {
      if (keys.key(name).isEmpty()) {
        problems.add(new Problem(at + "/" + name, unknown(keys, name)));
      }
    }
    for (ConfigKey key : keys.keys()) {
      Object value = config.getValue(key.name);
      if (value == null) {
        if (key.required) {
          problems.add(new Problem(at + "/" + key.name, "'" + key.name + "' is required: " + key.meaning));
        }
      } else {
        int was = problems.size();
        value(key, value, at + "/" + key.name);
        deeper += problems.subList(was, problems.size()).stream()
            .filter(p -> p.pointer().startsWith(at + "/" + key.name + "/")).count();
      }
    }
    // the rules need each key of this mapping to be right; a problem inside a route does not stop the http rules
    if (problems.size() - deeper == before) {
      JsonObject normalized = withDefaults(keys, normalize(keys, config));
      List<Problem> below = List.copyOf(problems.subList(before, problems.size()));
      for (ConfigKeys.Rule rule : keys.rules()) {
        try {
          rule.check(normalized, (k, message) -> {
            String pointer = k.isEmpty() ? at : at + "/" + k;
            // about an entry that already has a problem of its own (keys[0] with a bad algorithm): that one comes first
            if (k.isEmpty() || below.stream().noneMatch(p -> p.pointer().equals(pointer)
                || p.pointer().startsWith(pointer + "/"))) {
              problems.add(new Problem(pointer, message));
            }
          });
        } catch (RuntimeException e) {
          // a rule that reads into an entry with a wrong value ({algorithm: 5}) trips on it: that value's own
          // problem is the one to report; with nothing wrong below, the rule itself is at fault
          if (below.isEmpty()) {
            throw e;
          }
        }
      }
    }
  }

  private void value(ConfigKey key, Object value, String at) {
    String problem = switch (key.type) {
      case STRING -> string(key, value);
      case BOOLEAN -> value instanceof Boolean ? null : expected("true or false", key, value);
      case INTEGER -> whole(value) == null ? expected(integerText(key), key, value) : inRange(key, whole(value));
      case NUMBER -> value instanceof Number n ? inRange(key, (long) Math.ceil(n.doubleValue()))
          : expected("a number", key, value);
      case DURATION -> duration(key, value);
      case SIZE -> size(key, value);
      case STRINGS -> value instanceof JsonArray a && a.stream().allMatch(String.class::isInstance) ? items(key, a, at)
          : expected("a list of strings, e.g. [a, b]", key, value);
      case MAP -> value instanceof JsonObject o && o.stream().allMatch(e -> scalar(e.getValue())) ? null
          : expected("a mapping of names to values", key, value);
      case OBJECT, LIST, JSON -> null;
    };
    if (problem != null) {
      problems.add(new Problem(at, problem));
    } else if (key.type == Type.OBJECT) {
      if (value instanceof JsonObject o) {
        object(key.nested, o, at);
      } else {
        problems.add(new Problem(at, expected("a mapping of keys", key, value)));
      }
    } else if (key.type == Type.LIST) {
      list(key, value, at);
    }
  }

  /** Each string of a list matches the key's pattern; problems are the items', so the result is null. */
  private String items(ConfigKey key, JsonArray strings, String at) {
    for (int i = 0; key.pattern != null && i < strings.size(); i++) {
      if (!key.pattern.matcher(strings.getString(i)).matches()) {
        problems.add(new Problem(at + "/" + i, "'" + strings.getString(i) + "' is not " + key.patternMeaning));
      }
    }
    return null;
  }

  private void list(ConfigKey key, Object value, String at) {
    if (!(value instanceof JsonArray array)) {
      problems.add(new Problem(at, expected("a list of mappings", key, value)));
      return;
    }
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof JsonObject item) {
        object(key.nested, item, at + "/" + i);
      } else {
        problems.add(new Problem(at + "/" + i, "each entry of '" + key.name + "' must be a mapping of keys"));
      }
    }
  }

  private String string(ConfigKey key, Object value) {
    if (key.alsoBoolean && value instanceof Boolean) {
      return null;
    }
    if (!(value instanceof String s)) {
      return expected(key.alsoBoolean ? "a string, true or false" : "a string", key, value);
    }
    if (key.values != null && !key.values.contains(s)) {
      String close = Suggestions.closest(s, key.values);
      return "expected one of " + String.join(", ", key.values) + ", got '" + s + "'"
          + (close == null ? "" : " (did you mean '" + close + "'?)");
    }
    if (key.pattern != null && !key.pattern.matcher(s).matches()) {
      return shown(key, value) + " is not " + key.patternMeaning;
    }
    return key.path == PathKind.NONE || !lookUpFiles ? null : path(key, s);
  }

  private String path(ConfigKey key, String value) {
    String what = key.path == PathKind.DIR ? "folder" : "file";
    String name = key.secret ? "(not shown: a secret)" : value;
    if (value.startsWith("classpath:")) {
      String resource = value.substring("classpath:".length()).replaceAll("^/+", "");
      return loader.getResource(resource) != null ? null : what + " '" + name + "' is not on the classpath";
    }
    Path p;
    try {
      p = Path.of(value);
    } catch (InvalidPathException e) {
      return "'" + name + "' is not a valid path: " + e.getReason();
    }
    String where = p.isAbsolute() ? "" : " (relative paths resolve against the working directory, "
        + Path.of("").toAbsolutePath() + ")";
    if (!Files.exists(p)) {
      return what + " '" + name + "' does not exist" + where;
    }
    if (key.path == PathKind.DIR ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
      return "'" + name + "' is not a " + what + where;
    }
    return Files.isReadable(p) ? null : what + " '" + name + "' is not readable by this process";
  }

  private String duration(ConfigKey key, Object value) {
    Long n = inUnit(key, value);
    if (n == null && value instanceof String s && Units.millis(s) != null) {
      return "'" + s + "' is not a whole number of " + Units.word(key.unit);
    }
    if (n == null) {
      return expected("a duration such as 30s, 500ms, 20m or 1h (a bare number is " + Units.word(key.unit) + ")",
          key, value);
    }
    return inRange(key, n);
  }

  private String size(ConfigKey key, Object value) {
    Long n = bytes(value);
    return n == null ? expected("a size such as 64KiB or 1MiB (a bare number is bytes)", key, value)
        : inRange(key, n);
  }

  private static String inRange(ConfigKey key, long n) {
    boolean low = key.min != null && n < key.min;
    boolean high = key.max != null && n > key.max;
    if (!low && !high) {
      return null;
    }
    // an int's or a long's largest value is a limit of the field, not one a person chose: not worth a mention
    boolean unbounded = key.max == null || key.max == Long.MAX_VALUE || key.max == Integer.MAX_VALUE;
    String bounds = unbounded ? "at least " + key.amount(key.min)
        : "from " + key.amount(key.min == null ? 0 : key.min) + " to " + key.amount(key.max);
    return "must be " + bounds + ", got " + (key.secret ? "another value" : key.amount(n));
  }

  private static String integerText(ConfigKey key) {
    if (key.min != null && key.min == 0 && key.max != null && key.max == 65535) {
      return "a port number 0-65535 (0: any free port)";
    }
    String range = key.rangeText();
    return "a whole number" + (range.isEmpty() ? "" : " " + range);
  }

  private static String expected(String what, ConfigKey key, Object value) {
    return "expected " + what + ", got " + shown(key, value);
  }

  /** How a value appears in a message: quoted, or not at all when it is a secret. */
  private static String shown(ConfigKey key, Object value) {
    if (key.secret) {
      return "a " + kind(value) + " (not shown: a secret)";
    }
    String text = value instanceof String s ? "'" + s + "'" : value instanceof JsonObject ? "a mapping"
        : value instanceof JsonArray ? "a list" : "'" + value + "'";
    return text.length() > 80 ? text.substring(0, 77) + "...'" : text;
  }

  private static String kind(Object value) {
    return value instanceof String ? "string" : value instanceof Number ? "number" : value instanceof Boolean
        ? "boolean" : value instanceof JsonArray ? "list" : "mapping";
  }

  private static String unknown(ConfigKeys keys, String name) {
    List<String> names = keys.keys().stream().map(ConfigKey::name).toList();
    String close = Suggestions.closest(name, names);
    if (close != null) {
      return "unknown key '" + name + "' (did you mean '" + close + "'?)";
    }
    if (names.isEmpty()) {
      return "unknown key '" + name + "' (this takes no keys)";
    }
    return "unknown key '" + name + "'" + (names.size() <= LIST_KEYS_UP_TO
        ? " (keys: " + String.join(", ", names.stream().sorted(Comparator.naturalOrder()).toList()) + ")"
        : " ('squall schema' lists every key)");
  }

  private static boolean scalar(Object v) {
    return v == null || v instanceof String || v instanceof Number || v instanceof Boolean;
  }

  private static Long whole(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 1e15) {
      return n.longValue();
    }
    return null;
  }

  private static Long inUnit(ConfigKey key, Object value) {
    if (value instanceof String s) {
      Long millis = Units.millis(s);
      if (millis == null) {
        return null;
      }
      long n = key.unit.convert(millis, TimeUnit.MILLISECONDS);
      return TimeUnit.MILLISECONDS.convert(n, key.unit) == millis ? n : null;
    }
    return whole(value);
  }

  private static Long bytes(Object value) {
    return value instanceof String s ? Units.bytes(s) : whole(value);
  }

  /** Rules see every key that has a default, so they need not repeat the defaults. */
  private static JsonObject withDefaults(ConfigKeys keys, JsonObject config) {
    for (ConfigKey key : keys.keys()) {
      if (key.defaultValue != null && config.getValue(key.name) == null) {
        config.put(key.name, key.defaultValue instanceof JsonArray a ? a.copy() : key.defaultValue);
      }
    }
    return config;
  }

  /** Durations and sizes written with units become the numbers the verticle reads; anything else is kept. */
  static JsonObject normalize(ConfigKeys keys, JsonObject config) {
    JsonObject out = config.copy();
    for (Map.Entry<String, Object> e : config) {
      ConfigKey key = keys.key(e.getKey()).orElse(null);
      Object v = e.getValue();
      if (key != null && v == null) {
        // `idleTimeout:` with nothing after it is not set, as the check takes it: the verticle gets the default
        // (getInteger(key, default) would give it null, and an int field a NullPointerException; found by
        // DescriptorFuzzTest with the descriptor's own shutdownTimeout)
        out.remove(key.name);
      }
      if (key == null || v == null) {
        continue;
      }
      switch (key.type) {
        case DURATION -> {
          Long n = inUnit(key, v);
          if (n != null) {
            out.put(key.name, n);
          }
        }
        case SIZE -> {
          Long n = bytes(v);
          if (n != null) {
            out.put(key.name, n);
          }
        }
        case OBJECT -> {
          if (v instanceof JsonObject o) {
            out.put(key.name, normalize(key.nested, o));
          }
        }
        case LIST -> {
          if (v instanceof JsonArray a) {
            JsonArray items = new JsonArray();
            a.forEach(i -> items.add(i instanceof JsonObject o ? normalize(key.nested, o) : i));
            out.put(key.name, items);
          }
        }
        default -> {
        }
      }
    }
    return out;
  }
}
