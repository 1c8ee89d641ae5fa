package io.squall.platform;

import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The config keys of a verticle, or of one entry of a list in its config (a route, a permit): what
 * {@code squall check} and {@code squall run} check every value against before anything is deployed, what
 * {@code squall schema} describes for editors, and what each module's README table is generated from.
 *
 * <p>A verticle declares its keys in a public static final field of this type; the field's name is free:
 * <pre>
 * public class HelloVerticle extends VerticleBase {
 *   public static final ConfigKeys CONFIG = ConfigKeys.of(
 *       ConfigKey.string("greeting", "Hello", "What the page says first"),
 *       ConfigKey.duration("delay", Duration.ZERO, TimeUnit.MILLISECONDS, "How long to wait before answering"));
 * </pre>
 * A verticle that declares nothing gets its config as written, unchecked (as before declarations existed).
 * Unknown keys are errors. Checks that span keys (a redirect route needs {@code to}) are {@link Rule}s.
 */
public final class ConfigKeys {

  /** A check across keys, run on a config whose keys each passed their own check (units already converted). */
  @FunctionalInterface
  public interface Rule {
    /** Reports each problem with the key it is about ("" for the whole mapping) and a message. */
    void check(JsonObject config, Problems problems);
  }

  /** Where a rule reports. */
  @FunctionalInterface
  public interface Problems {
    void add(String key, String message);
  }

  /**
   * One problem: {@code pointer} is a JSON pointer from the checked object ({@code /routes/2/auth}).
   */
  public record Problem(String pointer, String message) {

    /** {@code routes[2].auth: unknown key 'auht'}, the form used outside a descriptor. */
    @Override
    public String toString() {
      String field = DescriptorParser.fieldOf(pointer);
      return field.isEmpty() ? message : field + ": " + message;
    }
  }

  private final Map<String, ConfigKey> keys;
  private final List<Rule> rules;

  private ConfigKeys(Map<String, ConfigKey> keys, List<Rule> rules) {
    this.keys = keys;
    this.rules = rules;
  }

  public static ConfigKeys of(ConfigKey... keys) {
    Map<String, ConfigKey> map = new LinkedHashMap<>();
    for (ConfigKey k : keys) {
      if (map.put(k.name, k) != null) {
        throw new IllegalArgumentException("config key '" + k.name + "' declared twice");
      }
    }
    return new ConfigKeys(map, List.of());
  }

  /** A copy with one more cross-key check. */
  public ConfigKeys rule(Rule rule) {
    List<Rule> all = new ArrayList<>(rules);
    all.add(rule);
    return new ConfigKeys(keys, List.copyOf(all));
  }

  public List<ConfigKey> keys() {
    return List.copyOf(keys.values());
  }

  public Optional<ConfigKey> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  List<Rule> rules() {
    return rules;
  }

  /** Every problem of {@code config}, files and folders looked up with {@code loader} for {@code classpath:}. */
  public List<Problem> check(JsonObject config, ClassLoader loader) {
    return check(config, loader, true);
  }

  List<Problem> check(JsonObject config, ClassLoader loader, boolean lookUpFiles) {
    return new ConfigCheck(loader, lookUpFiles).check(this, config);
  }

  /**
   * The config as the verticle reads it: durations in their declared unit, sizes in bytes; keys it does not
   * declare, and values that would not pass {@link #check}, are left as they are.
   */
  public JsonObject normalize(JsonObject config) {
    return ConfigCheck.normalize(this, config);
  }

  /**
   * {@link #normalize}d config, or {@link IllegalArgumentException} listing every problem: for a verticle deployed
   * without a descriptor (a descriptor was checked before anything was deployed).
   */
  public JsonObject validate(String what, JsonObject config) {
    return validate(what, config, Thread.currentThread().getContextClassLoader());
  }

  /** As {@link #validate(String, JsonObject)}, {@code classpath:} files and folders looked up with {@code loader}. */
  public JsonObject validate(String what, JsonObject config, ClassLoader loader) {
    List<Problem> problems = check(config, loader);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(what + ": " + problems.stream().map(Problem::toString)
          .collect(Collectors.joining("; ")));
    }
    return normalize(config);
  }

  /** The JSON Schema (draft 2020-12) of a config with these keys. */
  public JsonObject schema() {
    return ConfigSchema.of(this);
  }

  /** The Markdown table of these keys (and of nested ones, below it), as each module's README carries it. */
  public String markdown() {
    return ConfigSchema.markdown(this);
  }

  /** The keys {@code verticleClass} declares in a public static final {@code ConfigKeys} field, if any. */
  public static Optional<ConfigKeys> declaredBy(Class<?> verticleClass) {
    for (Field f : verticleClass.getFields()) {
      int m = f.getModifiers();
      if (f.getType() == ConfigKeys.class && Modifier.isStatic(m) && Modifier.isFinal(m)) {
        try {
          return Optional.ofNullable((ConfigKeys) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Optional.empty();
  }
}
