package io.squall.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the deployment files as data: YAML documents (several per file), and a kustomization rendered the simple
 * way the repository's files need (resources, configMapGenerator, strategic-merge patches by kind and name, with
 * lists of named items merged by name). Enough to check what `kubectl kustomize` would produce, without kubectl.
 */
final class ManifestFiles {

  static final YAMLMapper YAML = new YAMLMapper();

  private ManifestFiles() {
  }

  /** Every document of a YAML text; empty documents are skipped. */
  static List<JsonNode> documents(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (values.hasNext()) {
        JsonNode doc = values.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static List<JsonNode> documents(Path file) {
    return documents(read(file));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The resources a kustomization directory stands for, generated ConfigMaps and patches applied. */
  static List<JsonNode> render(Path dir) {
    JsonNode k = documents(dir.resolve("kustomization.yaml")).get(0);
    List<JsonNode> resources = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      if (Files.isDirectory(p)) {
        resources.addAll(render(p));
      } else {
        resources.addAll(documents(p));
      }
    }
    for (JsonNode g : k.path("configMapGenerator")) {
      ObjectNode cm = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
      cm.putObject("metadata").put("name", g.path("name").asText());
      ObjectNode data = cm.putObject("data");
      for (JsonNode f : g.path("files")) {
        String spec = f.asText();
        String key = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : Path.of(spec).getFileName().toString();
        String file = spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec;
        data.put(key, read(dir.resolve(file)));
      }
      resources.add(cm);
    }
    for (JsonNode patch : k.path("patches")) {
      for (JsonNode doc : documents(dir.resolve(patch.path("path").asText()))) {
        JsonNode target = find(resources, doc.path("kind").asText(), doc.path("metadata").path("name").asText());
        if (target == null) {
          throw new IllegalArgumentException(dir + ": patch " + patch.path("path").asText() + " targets no "
              + doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText());
        }
        merge((ObjectNode) target, doc);
      }
    }
    return resources;
  }

  static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())
        && name.equals(d.path("metadata").path("name").asText())).findFirst().orElse(null);
  }

  /** Strategic merge, as far as these files use it: objects merge, lists of objects with a name merge by name. */
  static void merge(ObjectNode target, JsonNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = target.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else if (existing instanceof ArrayNode a && e.getValue().isArray() && namedItems(a) && namedItems(e.getValue())) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        a.forEach(item -> byName.put(item.path("name").asText(), item));
        for (JsonNode item : e.getValue()) {
          JsonNode old = byName.get(item.path("name").asText());
          if (old instanceof ObjectNode o) {
            merge(o, item);
          } else {
            a.add(item.deepCopy());
          }
        }
      } else {
        target.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  private static boolean namedItems(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isObject() || !item.has("name")) {
        return false;
      }
    }
    return true;
  }
}
