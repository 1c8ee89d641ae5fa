package io.squall.platform;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Config overrides from outside the descriptor, applied in this order: {@code SQUALL_*} environment
 * variables, then {@code --set} pairs (the last word wins).
 *
 * <ul>
 *   <li>{@code --set http.port=9000} sets {@code port} in the config of the verticle named {@code http};
 *       dots go deeper: {@code --set chat.limits.maxLength=500}.</li>
 *   <li>{@code SQUALL_HTTP_PORT=9000} does the same: the part after {@code SQUALL_} starts with a verticle
 *       name (upper case, {@code -} as {@code _}); in the rest {@code _x} is camel case and {@code __} goes
 *       deeper: {@code SQUALL_HTTP_BODY_LIMIT} is {@code http.bodyLimit}, {@code SQUALL_CHAT_LIMITS__MAX}
 *       is {@code chat.limits.max}. Variables that name no verticle are left to the launcher.</li>
 * </ul>
 * Values are read as YAML: {@code 9000} is a number, {@code true} a boolean, {@code [a, b]} a list.
 */
final class Overrides {

  private static final String ENV_PREFIX = "SQUALL_";
  /** Marks a {@code --set} key that is skipped, not refused, when its verticle is not in the descriptor. */
  static final String OPTIONAL = "?";

  private final Map<String, String> env;
  private final Map<String, String> sets;
  private final Map<String, JsonObject> patched = new LinkedHashMap<>();
  private final List<Origin> origins = new ArrayList<>();

  /**
   * Where a value in a verticle's config came from, so that a problem with it names the override, not the file.
   *
   * @param verticle the verticle's name
   * @param pointer the JSON pointer the override set, from the config ({@code /port})
   * @param source {@code --set http.port} or {@code SQUALL_HTTP_PORT}
   * @param value what was given
   */
  record Origin(String verticle, String pointer, String source, String value) {

    /** {@code --set http.port=abc}; the value only when it is declared and not a secret. */
    String label(ConfigKeys keys) {
      ConfigKeys at = keys;
      ConfigKey key = null;
      for (String part : pointer.substring(1).split("/")) {
        key = at == null ? null : at.key(part).orElse(null);
        at = key == null ? null : key.nested();
      }
      return key == null || key.isSecret() ? source : source + "=" + value;
    }
  }

  Overrides(Map<String, String> env, Map<String, String> sets) {
    this.env = env == null ? Map.of() : env;
    this.sets = sets == null ? Map.of() : sets;
  }

  /** Computes the overridden configs; returns the problems (an override naming no verticle). */
  List<DescriptorProblem> applyTo(List<VerticleSpec> verticles) {
    List<DescriptorProblem> problems = new ArrayList<>();
    verticles.forEach(v -> patched.put(v.name(), v.config()));
    List<VerticleSpec> longestNameFirst = verticles.stream()
        .sorted(Comparator.comparingInt((VerticleSpec v) -> v.name().length()).reversed()).toList();
    env.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (e.getKey().startsWith(ENV_PREFIX)) {
        String rest = e.getKey().substring(ENV_PREFIX.length());
        envTarget(longestNameFirst, rest).ifPresent(v -> {
          String path = camelPath(rest.substring(envName(v).length() + 1));
          if (!path.isEmpty()) {
            put(patched.get(v.name()), path, e.getValue());
            origins.add(new Origin(v.name(), pointer(path), e.getKey(), e.getValue()));
          }
        });
      }
    });
    sets.forEach((rawKey, value) -> {
      boolean optional = rawKey.startsWith(OPTIONAL);
      String key = optional ? rawKey.substring(OPTIONAL.length()) : rawKey;
      int dot = key.indexOf('.');
      String name = dot < 0 ? key : key.substring(0, dot);
      // every dotted part must be a name: --set http..=1 used to crash put() (found by DescriptorFuzzTest)
      if (dot <= 0 || Arrays.stream(key.substring(dot + 1).split("\\.", -1)).anyMatch(String::isEmpty)) {
        problems.add(new DescriptorProblem("--set " + key, 0, "",
            "expected <verticle>.<config key>=<value>, e.g. --set http.port=9000"));
      } else if (!patched.containsKey(name) && optional) {
        return;
      } else if (!patched.containsKey(name)) {
        problems.add(new DescriptorProblem("--set " + key, 0, "",
            "no verticle named '" + name + "' (verticles: " + String.join(", ", patched.keySet()) + ")"));
      } else {
        put(patched.get(name), key.substring(dot + 1), value);
        origins.add(new Origin(name, pointer(key.substring(dot + 1)), "--set " + key, value));
      }
    });
    return problems;
  }

  List<VerticleSpec> applied(List<VerticleSpec> verticles) {
    return verticles.stream()
        .map(v -> patched.containsKey(v.name())
            ? new VerticleSpec(v.name(), v.className(), v.instances(), v.roles(), patched.get(v.name()))
            : v)
        .toList();
  }

  /** The override that last set {@code pointer} of {@code verticle}'s config or a mapping holding it; null if none. */
  Origin originOf(String verticle, String pointer) {
    Origin found = null;
    for (Origin o : origins) {
      if (o.verticle().equals(verticle) && (pointer.equals(o.pointer()) || pointer.startsWith(o.pointer() + "/"))) {
        found = o;
      }
    }
    return found;
  }

  private static String pointer(String dottedKey) {
    return "/" + dottedKey.replace("~", "~0").replace("/", "~1").replace('.', '/');
  }

  private static Optional<VerticleSpec> envTarget(List<VerticleSpec> verticles, String rest) {
    return verticles.stream()
        .filter(v -> rest.startsWith(envName(v) + "_") && rest.length() > envName(v).length() + 1)
        .findFirst();
  }

  private static String envName(VerticleSpec v) {
    return v.name().toUpperCase().replace('-', '_');
  }

  /** {@code BODY_LIMIT} is {@code bodyLimit}; {@code LIMITS__MAX_LENGTH} is {@code limits.maxLength}. */
  static String camelPath(String envKey) {
    StringBuilder sb = new StringBuilder();
    for (String segment : envKey.split("__")) {
      String[] words = segment.toLowerCase().split("_");
      if (words.length == 0) {
        // a segment of underscores only (SQUALL_HTTP__=1): split gives no words at all (found by DescriptorFuzzTest)
        continue;
      }
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(words[0]);
      for (int i = 1; i < words.length; i++) {
        if (!words[i].isEmpty()) {
          sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
      }
    }
    return sb.toString();
  }

  private static void put(JsonObject config, String dottedKey, String rawValue) {
    String[] path = dottedKey.split("\\.");
    if (path.length == 0) {
      return;
    }
    JsonObject target = config;
    for (int i = 0; i < path.length - 1; i++) {
      Object next = target.getValue(path[i]);
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        target.put(path[i], next);
      }
      target = (JsonObject) next;
    }
    target.put(path[path.length - 1], DescriptorParser.overrideValue(rawValue));
  }
}
