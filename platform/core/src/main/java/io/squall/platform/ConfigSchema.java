package io.squall.platform;

import io.squall.platform.ConfigKey.PathKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** {@link ConfigKeys} as JSON Schema (draft 2020-12) for editors, and as the Markdown tables of the READMEs. */
final class ConfigSchema {

  static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

  private ConfigSchema() {
  }

  static JsonObject of(ConfigKeys keys) {
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    for (ConfigKey k : keys.keys()) {
      properties.put(k.name, property(k));
      if (k.required) {
        required.add(k.name);
      }
    }
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties)
        .put("additionalProperties", false);
    return required.isEmpty() ? schema : schema.put("required", required);
  }

  private static JsonObject property(ConfigKey k) {
    JsonObject p = switch (k.type) {
      case STRING -> string(k);
      case BOOLEAN -> new JsonObject().put("type", "boolean");
      case INTEGER -> bounded(new JsonObject().put("type", "integer"), k);
      case NUMBER -> bounded(new JsonObject().put("type", "number"), k);
      case DURATION -> withUnits(k, Units.DURATION_PATTERN);
      case SIZE -> withUnits(k, Units.SIZE_PATTERN);
      case STRINGS -> new JsonObject().put("type", "array").put("items", string(k));
      case OBJECT -> of(k.nested);
      case LIST -> new JsonObject().put("type", "array").put("items", of(k.nested));
      case MAP -> new JsonObject().put("type", "object").put("additionalProperties",
          new JsonObject().put("type", new JsonArray().add("string").add("number").add("boolean")));
      case JSON -> new JsonObject();
    };
    p.put("description", description(k));
    Object dflt = schemaDefault(k);
    return dflt == null ? p : p.put("default", dflt);
  }

  private static JsonObject string(ConfigKey k) {
    JsonObject p = new JsonObject().put("type", k.alsoBoolean ? new JsonArray().add("string").add("boolean") : "string");
    if (k.values != null) {
      p.put("enum", new JsonArray(new ArrayList<>(k.values)));
    }
    if (k.pattern != null) {
      // a schema's pattern matches anywhere in the string; the check matches the whole of it
      p.put("pattern", "^(?:" + k.pattern.pattern() + ")$");
    }
    return p;
  }

  private static JsonObject bounded(JsonObject p, ConfigKey k) {
    if (k.min != null) {
      p.put("minimum", k.min);
    }
    if (k.max != null && k.max != Long.MAX_VALUE) {
      p.put("maximum", k.max);
    }
    return p;
  }

  /** A bare number (in range) or a string with a unit; the range of strings is left to {@code squall check}. */
  private static JsonObject withUnits(ConfigKey k, String pattern) {
    return new JsonObject().put("anyOf", new JsonArray()
        .add(bounded(new JsonObject().put("type", "integer"), k))
        .add(new JsonObject().put("type", "string").put("pattern", pattern)));
  }

  private static Object schemaDefault(ConfigKey k) {
    if (k.defaultValue == null || k.secret) {
      return null;
    }
    return switch (k.type) {
      case DURATION, SIZE -> k.defaultText();
      default -> k.defaultValue;
    };
  }

  static String description(ConfigKey k) {
    StringBuilder sb = new StringBuilder(k.meaning.endsWith(".") ? k.meaning.substring(0, k.meaning.length() - 1)
        : k.meaning);
    switch (k.type) {
      case DURATION -> sb.append(" (30s, 500ms, 20m, 1h; a bare number is ").append(Units.word(k.unit)).append(')');
      case SIZE -> sb.append(" (64KiB, 1MiB; a bare number is bytes)");
      default -> {
      }
    }
    if (k.path != PathKind.NONE) {
      sb.append(k.path == PathKind.DIR ? ". Must be an existing folder" : ". Must be an existing readable file");
    }
    if (k.secret) {
      sb.append(". Secret: never shown in messages or logs");
    }
    return sb.toString();
  }

  /** One table per mapping: the verticle's keys, then one per nested mapping (routes, permits) below it. */
  static String markdown(ConfigKeys keys) {
    StringBuilder sb = new StringBuilder();
    List<ConfigKey> nested = new ArrayList<>();
    List<String> names = new ArrayList<>();
    table(sb, keys, "", nested, names);
    for (int i = 0; i < nested.size(); i++) {
      ConfigKey k = nested.get(i);
      sb.append(k.type == ConfigKey.Type.LIST ? "\nKeys of each `" + names.get(i) + "` entry:"
          : "\nKeys of `" + names.get(i) + "`:");
      int same = sameKeysAs(nested, i);
      if (same >= 0) {
        // inbound and outbound permits share their keys: one table, and a pointer to it
        sb.append(" as `").append(names.get(same)).append("`.\n");
      } else {
        sb.append("\n\n");
        table(sb, k.nested, names.get(i) + ".", nested, names);
      }
    }
    return sb.toString();
  }

  private static int sameKeysAs(List<ConfigKey> nested, int i) {
    for (int j = 0; j < i; j++) {
      if (nested.get(j).nested == nested.get(i).nested) {
        return j;
      }
    }
    return -1;
  }

  private static void table(StringBuilder sb, ConfigKeys keys, String prefix, List<ConfigKey> nested,
      List<String> names) {
    sb.append("| key | type | default | meaning |\n|---|---|---|---|\n");
    for (ConfigKey k : keys.keys()) {
      String dflt = k.defaultText();
      sb.append("| `").append(k.name).append("`").append(k.required ? " (required)" : "")
          .append(" | ").append(k.typeText())
          .append(" | ").append(dflt == null || dflt.isEmpty() ? "" : k.secret ? "(secret)" : "`" + dflt + "`")
          .append(" | ").append(description(k).replace("|", "\\|")).append(" |\n");
      if (k.nested != null) {
        nested.add(k);
        names.add(prefix + k.name);
      }
    }
  }
}
