package io.squall.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Deployable;
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
import java.util.regex.Pattern;

/**
 * Reads descriptor YAML into a {@link Descriptor}, collecting every problem with its line.
 *
 * <p>Jackson's tree model forgets where nodes came from, so a first streaming pass records the line of
 * every JSON pointer; validation then reports problems against the tree with those lines.
 */
final class DescriptorParser {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Set<String> TOP_KEYS = Set.of("name", "roles", "shutdownTimeout", "verticles");
  private static final Set<String> VERTICLE_KEYS = Set.of("name", "class", "instances", "roles", "config");
  /** Verticle names that would collide with the launcher's (and docker/entrypoint.sh's) own SQUALL_* variables. */
  private static final Set<String> RESERVED = Set.of("roles", "cluster", "management", "log", "classpath", "set",
      "java", "hazelcast", "k8s", "shutdown", "drain", "debug", "ci", "descriptor", "jar", "jvm", "event");
  private static final int MAX_INSTANCES = 1024;

  private final ClassLoader classLoader;
  private final YAMLMapper mapper;

  DescriptorParser(ClassLoader classLoader) {
    this.classLoader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
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
    if (!v.problems.isEmpty()) {
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
      unknownKeys(root, "", TOP_KEYS);
      String name = requiredName(root, "");
      List<String> declared = roles(root, "", List.of());
      int shutdown = integer(root, "/shutdownTimeout", Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, 0, 3600);
      List<VerticleSpec> verticles = new ArrayList<>();
      JsonNode list = root.get("verticles");
      if (list == null || !list.isArray() || list.isEmpty()) {
        problem(list == null ? "" : "/verticles", "'verticles' must be a non-empty list of verticles");
      } else {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
          VerticleSpec spec = verticle(list.get(i), "/verticles/" + i, declared, names);
          if (spec != null) {
            verticles.add(spec);
          }
        }
      }
      if (problems.isEmpty()) {
        problems.addAll(overrides.applyTo(verticles));
      }
      return new Descriptor(source, name == null ? "" : name, declared, shutdown, overrides.applied(verticles));
    }

    private VerticleSpec verticle(JsonNode node, String at, List<String> declared, Set<String> names) {
      if (!node.isObject()) {
        problem(at, "each verticle must be a mapping with 'name' and 'class'");
        return null;
      }
      int before = problems.size();
      unknownKeys(node, at, VERTICLE_KEYS);
      String name = requiredName(node, at);
      if (name != null && RESERVED.contains(name)) {
        problem(at + "/name", "'" + name + "' is reserved for the launcher's own settings; choose another name");
      } else if (name != null && !names.add(name)) {
        problem(at + "/name", "duplicate verticle name '" + name + "'");
      }
      String className = verticleClass(node, at);
      int instances = integer(node, at + "/instances", 1, 1, MAX_INSTANCES);
      List<String> roles = roles(node, at, declared);
      JsonNode config = node.get("config");
      if (config != null && !config.isObject() && !config.isNull()) {
        problem(at + "/config", "must be a mapping of config keys");
      }
      if (problems.size() > before) {
        return null;
      }
      JsonObject cfg = config == null || config.isNull() ? new JsonObject() : new JsonObject(config.toString());
      return new VerticleSpec(name, className, instances, roles.isEmpty() ? List.of(name) : roles, cfg);
    }

    private String verticleClass(JsonNode node, String at) {
      JsonNode cls = node.get("class");
      if (cls == null || !cls.isTextual() || cls.asText().isBlank()) {
        problem(cls == null ? at : at + "/class", "'class' is required: the verticle's fully qualified class name");
        return null;
      }
      String name = cls.asText().trim();
      try {
        Class<?> c = Class.forName(name, false, classLoader);
        if (!Deployable.class.isAssignableFrom(c)) {
          problem(at + "/class", name + " is not a verticle (it must extend VerticleBase or implement Deployable)");
        } else if (Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers())) {
          problem(at + "/class", name + " must be a public, non-abstract class");
        } else {
          c.getConstructor();
        }
      } catch (ClassNotFoundException | NoClassDefFoundError e) {
        problem(at + "/class", "class " + name + " not found (is its jar on --classpath or in lib/?)");
      } catch (NoSuchMethodException e) {
        problem(at + "/class", name + " needs a public no-argument constructor");
      }
      return name;
    }

    private String requiredName(JsonNode node, String at) {
      JsonNode n = node.get("name");
      if (n == null || !n.isTextual()) {
        problem(n == null ? at : at + "/name", "'name' is required: lower-case letters, digits and '-'");
        return null;
      }
      if (!NAME.matcher(n.asText()).matches()) {
        problem(at + "/name", "'" + n.asText() + "' is not a valid name: use lower-case letters, digits and '-'");
        return null;
      }
      return n.asText();
    }

    private List<String> roles(JsonNode node, String at, List<String> declared) {
      JsonNode r = node.get("roles");
      if (r == null) {
        return List.of();
      }
      List<String> roles = new ArrayList<>();
      if (!r.isArray()) {
        problem(at + "/roles", "must be a list of role names, e.g. [edge, backend]");
        return roles;
      }
      for (int i = 0; i < r.size(); i++) {
        String role = r.get(i).asText();
        if (!r.get(i).isTextual() || !NAME.matcher(role).matches()) {
          problem(at + "/roles/" + i, "'" + role + "' is not a valid role name");
        } else if (!declared.isEmpty() && !declared.contains(role)) {
          problem(at + "/roles/" + i, "unknown role '" + role + "' (declared roles: " + String.join(", ", declared) + ")");
        } else {
          roles.add(role);
        }
      }
      return roles;
    }

    private int integer(JsonNode parent, String pointer, int dflt, int min, int max) {
      JsonNode n = parent.get(pointer.substring(pointer.lastIndexOf('/') + 1));
      if (n == null) {
        return dflt;
      }
      if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
        problem(pointer, "must be a whole number from " + min + " to " + max + ", got '" + n.asText() + "'");
        return dflt;
      }
      return n.asInt();
    }

    private void unknownKeys(JsonNode node, String at, Set<String> known) {
      node.fieldNames().forEachRemaining(k -> {
        if (!known.contains(k)) {
          problem(at + "/" + k, "unknown key '" + k + "' (allowed: " + String.join(", ", known.stream().sorted().toList())
              + ")");
        }
      });
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
