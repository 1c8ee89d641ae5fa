package io.squall.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secret values written into deployment files. References are fine (a `*File`, `*Env` or `*Path` key, a
 * `*_FILE` variable holding a path, a secretKeyRef); values are not: `secret: abc` in a config, `SQUALL_X_PASSWORD=abc`
 * in an environment, `-Ddb.password=abc` in JAVA_OPTS.
 */
final class SecretScan {

  /** Config keys that hold a secret themselves (cookieSecrets, clientSecret, password, token, privateKey). */
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secrets?|password|passwd|token|privatekey|apikey)");
  /** Variable names that hold a secret themselves. */
  private static final Pattern SECRET_VARIABLE =
      Pattern.compile("(?i).*(secret|password|passwd|token|credential|api_?key|private_?key).*");
  /** A reference to where the secret is, not the secret. */
  private static final Pattern REFERENCE = Pattern.compile("(?i).*(file|env|path|ref)s?");
  /** Numbers and booleans (SQUALL_AUTH_TOKEN_TTL=3600) are settings, not secrets. */
  private static final Pattern PLAIN = Pattern.compile("(?i)-?[0-9]+(\\.[0-9]+)?|true|false");
  /** NAME=VALUE or NAME: VALUE inside a longer value (JVM options, command lines). */
  private static final Pattern ASSIGNMENT =
      Pattern.compile("(?i)([A-Za-z0-9_.-]*(?:password|passwd|secret|token)[A-Za-z0-9_.-]*)\\s*[=:]\\s*([^\\s,}\\]]+)");

  private SecretScan() {
  }

  /** Problems for a variable given a literal value: {@code where} names it in the messages. */
  static List<String> variable(String where, String name, String value) {
    List<String> problems = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return problems;
    }
    JsonNode structured = structured(value);
    if (structured != null) {
      tree(where + " " + name, structured, problems);
    } else if (SECRET_VARIABLE.matcher(name).matches() && !REFERENCE.matcher(name.replace("_", "")).matches()
        && !PLAIN.matcher(value).matches()) {
      problems.add(where + ": " + name + " has a literal value; mount the secret as a file (" + name + "_FILE) instead");
    } else {
      Matcher m = ASSIGNMENT.matcher(value);
      while (m.find()) {
        String key = m.group(1).replaceFirst("^-D|^-+", "");
        if (!REFERENCE.matcher(key).matches()) {
          problems.add(where + ": " + name + " sets " + key + " to a literal value");
        }
      }
    }
    return problems;
  }

  /** Problems for a config tree (a descriptor, a YAML-valued variable): secret-looking keys with values. */
  static void tree(String where, JsonNode node, List<String> problems) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        boolean secretKey = SECRET_KEY.matcher(e.getKey()).matches() && !REFERENCE.matcher(e.getKey()).matches();
        if (secretKey && hasValue(e.getValue())) {
          problems.add(where + ": " + e.getKey() + " holds a secret value; give a file (" + e.getKey() + "File) instead");
        } else {
          tree(where, e.getValue(), problems);
        }
      }
    } else if (node.isArray()) {
      node.forEach(item -> tree(where, item, problems));
    }
  }

  private static boolean hasValue(JsonNode node) {
    return node.isValueNode() ? !node.isNull() && !node.asText().isEmpty() : node.size() > 0;
  }

  /** The value as YAML when it is a list or a map (SQUALL_AUTH_KEYS='[{kid: k1, secretFile: ...}]'), else null. */
  private static JsonNode structured(String value) {
    String v = value.strip();
    if (!v.startsWith("[") && !v.startsWith("{")) {
      return null;
    }
    try {
      return ManifestFiles.YAML.readTree(v);
    } catch (Exception e) {
      return null;
    }
  }
}
