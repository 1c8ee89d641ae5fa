package io.squall.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads descriptor YAML into a {@link Descriptor}, collecting every problem with its line.
 *
 * <p>Jackson's tree model forgets where nodes came from, so a first streaming pass records the line of
 * every JSON pointer; validation then reports problems against the tree with those lines.
 */
final class DescriptorParser {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
  /** Verticle names that would collide with the launcher's (and docker/entrypoint.sh's) own SQUALL_* variables. */
  private static final Set<String> RESERVED = Set.of("roles", "cluster", "management", "log", "classpath", "set",
      "java", "hazelcast", "k8s", "shutdown", "drain", "debug", "ci", "descriptor", "jar", "jvm", "event");

  private final ClassLoader classLoader;
  private final boolean lookUpFiles;
  private final YAMLMapper mapper;

  DescriptorParser(ClassLoader classLoader, boolean lookUpFiles) {
    this.classLoader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
    this.lookUpFiles = lookUpFiles;
    YAMLFactory factory = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    this.mapper = new YAMLMapper(factory);
  }

  Descriptor load(Path file, Map<String, String> env, Map<String, String> sets) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new DescriptorException(new DescriptorProblem(file.toString(), 0, "", "descriptor file not found"));
    } catch (IOException e) {
      throw new DescriptorException(new DescriptorProblem(file.toString(), 0, "", "cannot read: " + e.getMessage()));
    }
    return parse(file.toString(), text, env, sets);
  }

  Descriptor parse(String source, String yaml, Map<String, String> env, Map<String, String> sets) {
    Map<String, Integer> lines = new HashMap<>();
    JsonNode root;
    try {
      recordLines(yaml, lines);
      root = mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new DescriptorException(new DescriptorProblem(source, line, "", "malformed YAML: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new DescriptorException(new DescriptorProblem(source, 0, "", e.getMessage()));
    }
    Validation v = new Validation(source, lines);
    if (root == null || root.isMissingNode() || root.isNull()) {
      v.problem("", "descriptor is empty: it needs at least 'name' and 'verticles'");
      throw v.exception();
    }
    if (!root.isObject()) {
      v.problem("", "must be a mapping with 'name' and 'verticles'");
      throw v.exception();
    }
    Descriptor descriptor = v.descriptor((ObjectNode) root, new Overrides(env, sets));
    if (descriptor == null || !v.problems.isEmpty()) {
      throw v.exception();
    }
    return descriptor;
  }

  private void recordLines(String yaml, Map<String, Integer> lines) throws IOException {
    try (JsonParser p = mapper.getFactory().createParser(yaml)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        lines.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation().getLineNr());
      }
    }
  }

  /** One pass over one descriptor: the problems found so far and where things are. */
  private final class Validation {
    final String source;
    final Map<String, Integer> lines;
    final List<DescriptorProblem> problems = new ArrayList<>();

    Validation(String source, Map<String, Integer> lines) {
      this.source = source;
      this.lines = lines;
    }

    DescriptorException exception() {
      return new DescriptorException(problems);
    }

    void problem(String pointer, String message) {
      problems.add(new DescriptorProblem(source, lineOf(pointer), fieldOf(pointer), message));
    }

    /** The line of the pointer, or of its nearest ancestor that has one (a missing field: its parent). */
    int lineOf(String pointer) {
      for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
        Integer line = lines.get(p);
        if (line != null) {
          return line;
        }
        if (p.isEmpty()) {
          return 1;
        }
      }
    }

    Descriptor descriptor(ObjectNode root, Overrides overrides) {
      JsonObject json = new JsonObject(mapper.convertValue(root, MAP)).copy();
      DescriptorKeys.DESCRIPTOR.check(json, classLoader).forEach(p -> problem(p.pointer(), p.message()));
      boolean wellFormed = problems.isEmpty();
      List<String> declared = json.getValue("roles") instanceof JsonArray r && wellFormed ? strings(r) : List.of();
      JsonArray list = json.getValue("verticles") instanceof JsonArray a ? a : new JsonArray();
      if (json.containsKey("verticles") && list.isEmpty()) {
        problem("/verticles", "'verticles' must be a non-empty list of verticles");
      }
      Set<String> names = new HashSet<>();
      List<VerticleSpec> verticles = new ArrayList<>();
      Map<String, ConfigKeys> keysByName = new HashMap<>();
      // an entry with a problem of its own is left out: the others keep their place in the file
      Map<String, Integer> indexByName = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        if (list.getValue(i) instanceof JsonObject v) {
          VerticleSpec spec = verticle(v, "/verticles/" + i, declared, names, keysByName);
          if (spec != null) {
            verticles.add(spec);
            indexByName.put(spec.name(), i);
          }
        }
      }
      // an override naming a verticle that had its own problem would only add noise
      List<DescriptorProblem> unapplied = overrides.applyTo(verticles);
      if (problems.isEmpty()) {
        problems.addAll(unapplied);
      }
      List<VerticleSpec> checked = new ArrayList<>();
      for (VerticleSpec spec : overrides.applied(verticles)) {
        checked.add(checkedConfig(spec, "/verticles/" + indexByName.get(spec.name()) + "/config",
            keysByName.get(spec.name()), overrides));
      }
      if (!problems.isEmpty()) {
        return null;
      }
      long shutdown = DescriptorKeys.DESCRIPTOR.normalize(json)
          .getLong("shutdownTimeout", (long) Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
      return new Descriptor(source, json.getString("name"), declared, (int) shutdown, checked);
    }

    /** The verticle's config checked against its declared keys (when it declares any), units converted. */
    private VerticleSpec checkedConfig(VerticleSpec spec, String at, ConfigKeys keys, Overrides overrides) {
      if (keys == null) {
        return spec;
      }
      for (ConfigKeys.Problem p : keys.check(spec.config(), classLoader, lookUpFiles)) {
        Overrides.Origin origin = overrides.originOf(spec.name(), p.pointer());
        if (origin == null) {
          problem(at + p.pointer(), p.message());
        } else {
          problems.add(new DescriptorProblem(origin.label(keys), 0,
              p.pointer().equals(origin.pointer()) ? "" : fieldOf(p.pointer()), p.message()));
        }
      }
      return new VerticleSpec(spec.name(), spec.className(), spec.instances(), spec.roles(),
          keys.normalize(spec.config()));
    }

    private VerticleSpec verticle(JsonObject node, String at, List<String> declared, Set<String> names,
        Map<String, ConfigKeys> keysByName) {
      int before = problems.size();
      String name = node.getValue("name") instanceof String n ? n : null;
      if (name != null && RESERVED.contains(name)) {
        problem(at + "/name", "'" + name + "' is reserved for the launcher's own settings; choose another name");
      } else if (name != null && !names.add(name)) {
        problem(at + "/name", "duplicate verticle name '" + name + "'");
      }
      Class<?> type = node.getValue("class") instanceof String c && !c.isBlank() ? verticleClass(c.trim(), at) : null;
      List<String> roles = new ArrayList<>();
      if (node.getValue("roles") instanceof JsonArray r) {
        for (int i = 0; i < r.size(); i++) {
          // a role that is not a string was reported by the declared keys' check
          if (!(r.getValue(i) instanceof String role)) {
            continue;
          }
          if (!declared.isEmpty() && !declared.contains(role)) {
            problem(at + "/roles/" + i, "unknown role '" + role + "' (declared roles: "
                + String.join(", ", declared) + ")");
          } else {
            roles.add(role);
          }
        }
      }
      if (problems.size() > before || type == null || name == null) {
        return null;
      }
      ConfigKeys.declaredBy(type).ifPresent(keys -> keysByName.put(name, keys));
      JsonObject cfg = node.getValue("config") instanceof JsonObject c ? c : new JsonObject();
      // instances that is not a whole number was reported by the declared keys' check (found by DescriptorFuzzTest)
      int instances = node.getValue("instances") instanceof Number n ? n.intValue() : 1;
      return new VerticleSpec(name, type.getName(), instances, roles.isEmpty() ? List.of(name) : roles, cfg);
    }

    private Class<?> verticleClass(String name, String at) {
      try {
        Class<?> c = Class.forName(name, false, classLoader);
        if (!Deployable.class.isAssignableFrom(c)) {
          problem(at + "/class", name + " is not a verticle (it must extend VerticleBase or implement Deployable)");
        } else if (Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers())) {
          problem(at + "/class", name + " must be a public, non-abstract class");
        } else {
          c.getConstructor();
          return c;
        }
      } catch (ClassNotFoundException | NoClassDefFoundError e) {
        problem(at + "/class", "class " + name + " not found (is its jar on --classpath or in lib/?)");
      } catch (NoSuchMethodException e) {
        problem(at + "/class", name + " needs a public no-argument constructor");
      }
      return null;
    }

    private List<String> strings(JsonArray array) {
      List<String> out = new ArrayList<>();
      array.forEach(v -> out.add((String) v));
      return out;
    }
  }

  /** {@code verticles/0/config} becomes {@code verticles[0].config}. */
  static String fieldOf(String pointer) {
    StringBuilder sb = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.chars().allMatch(Character::isDigit)) {
        sb.append('[').append(part).append(']');
      } else {
        sb.append(sb.length() > 0 ? "." : "").append(part.replace("~1", "/").replace("~0", "~"));
      }
    }
    return sb.toString();
  }

  /** Parses an override value as a YAML scalar or flow collection; falls back to the raw text. */
  static Object overrideValue(String raw) {
    try {
      YAMLMapper yaml = new YAMLMapper();
      JsonNode n = yaml.readTree(raw);
      // an empty value (SQUALL_HTTP_HOST= or --set http.host=) reads as a missing node: it is the empty string
      if (n == null || n.isMissingNode() || n.isNull() && !raw.trim().equals("null")) {
        return raw;
      }
      if (n instanceof TextNode) {
        return n.asText();
      }
      // converted, not re-parsed from n.toString(): that text is not always JSON (a missing node is "", .nan is NaN),
      // and the DecodeException it threw escaped as a crash instead of a descriptor problem (found by DescriptorFuzzTest)
      return new JsonObject().put("v", yaml.convertValue(n, Object.class)).getValue("v");
    } catch (IOException e) {
      return raw;
    }
  }
}
