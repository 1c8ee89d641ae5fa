package io.squall.platform;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An application: the verticles a node deploys, read from a YAML file.
 *
 * <pre>
 * name: chat                  # required; default cluster name is "squall-chat"
 * roles: [edge, backend]      # optional; when given, every verticle role must be one of these
 * shutdownTimeout: 20s        # how long a draining node waits for in-flight work (a bare number is seconds)
 * verticles:
 *   - name: http              # required, unique, lower-case
 *     class: com.acme.Http    # required, a Deployable with a public no-arg constructor
 *     instances: 2            # default 1
 *     roles: [edge]           # default [name]
 *     config: {port: 8080}    # the verticle's config()
 * </pre>
 *
 * @param source where it was read from, for messages
 * @param name application name
 * @param declaredRoles the {@code roles} list, empty when not declared
 * @param shutdownTimeoutSeconds drain bound for SIGTERM
 * @param verticles in deployment order
 */
public record Descriptor(
    String source, String name, List<String> declaredRoles, int shutdownTimeoutSeconds, List<VerticleSpec> verticles) {

  public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 20;

  /** The descriptor's own keys, each verticle entry's among them (platform/core/README.md's table is made of them). */
  public static final ConfigKeys KEYS = DescriptorKeys.DESCRIPTOR;

  public Descriptor {
    declaredRoles = List.copyOf(declaredRoles);
    verticles = List.copyOf(verticles);
  }

  /** Reads and validates a descriptor file, applying {@code SQUALL_*} variables from {@code env} and then {@code sets}. */
  public static Descriptor load(Path file, Map<String, String> env, Map<String, String> sets, ClassLoader classLoader) {
    return load(file, env, sets, classLoader, true);
  }

  /**
   * As {@link #load(Path, Map, Map, ClassLoader)}; {@code lookUpFiles} false skips checking that the files and folders
   * keys name exist, for a descriptor checked away from the machines that run it (CI before a deploy).
   */
  public static Descriptor load(Path file, Map<String, String> env, Map<String, String> sets, ClassLoader classLoader,
      boolean lookUpFiles) {
    return new DescriptorParser(classLoader, lookUpFiles).load(file, env, sets);
  }

  /** Parses YAML text; {@code sourceName} names it in messages. */
  public static Descriptor parse(String sourceName, String yaml, Map<String, String> env, Map<String, String> sets,
      ClassLoader classLoader) {
    return parse(sourceName, yaml, env, sets, classLoader, true);
  }

  /** As {@link #parse(String, String, Map, Map, ClassLoader)}; see {@code lookUpFiles} at {@link #load}. */
  public static Descriptor parse(String sourceName, String yaml, Map<String, String> env, Map<String, String> sets,
      ClassLoader classLoader, boolean lookUpFiles) {
    return new DescriptorParser(classLoader, lookUpFiles).parse(sourceName, yaml, env, sets);
  }

  /**
   * The JSON Schema (draft 2020-12) of a descriptor whose verticles may be any of {@code verticleClasses}: each one
   * that declares its {@link ConfigKeys} gets its config described and checked; editors autocomplete from it.
   */
  public static JsonObject schema(Collection<Class<?>> verticleClasses) {
    return DescriptorSchema.of(verticleClasses);
  }

  /** Every role a node can be given: declared roles plus those the verticles name. */
  public Set<String> knownRoles() {
    Set<String> roles = new LinkedHashSet<>(declaredRoles);
    verticles.forEach(v -> roles.addAll(v.roles()));
    return roles;
  }

  /** The verticles a node with {@code nodeRoles} deploys (all of them when empty), in order. */
  public List<VerticleSpec> verticlesFor(List<String> nodeRoles) {
    List<String> unknown = nodeRoles.stream().filter(r -> !knownRoles().contains(r)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown role" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
          + " (" + source + " has roles: " + String.join(", ", knownRoles()) + ")");
    }
    return verticles.stream().filter(v -> v.selectedBy(nodeRoles)).toList();
  }

  public String defaultClusterName() {
    return "squall-" + name;
  }
}
