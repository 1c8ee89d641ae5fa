package io.squall.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * The JSON Schema (draft 2020-12) of a descriptor: its own keys, each verticle entry's, and for every verticle class
 * that declares {@link ConfigKeys} the schema of its config, chosen by the entry's {@code class}. A class that
 * declares nothing keeps a free-form config, as {@code squall check} does.
 */
final class DescriptorSchema {

  private DescriptorSchema() {
  }

  static JsonObject of(Collection<Class<?>> verticleClasses) {
    JsonObject defs = new JsonObject();
    JsonArray byClass = new JsonArray();
    for (Class<?> c : verticleClasses) {
      ConfigKeys.declaredBy(c).ifPresent(keys -> {
        defs.put(c.getName(), keys.schema().put("title", "config of " + c.getName()));
        byClass.add(new JsonObject()
            .put("if", new JsonObject().put("required", new JsonArray().add("class"))
                .put("properties", new JsonObject().put("class", new JsonObject().put("const", c.getName()))))
            .put("then", new JsonObject().put("properties", new JsonObject()
                .put("config", new JsonObject().put("$ref", "#/$defs/" + c.getName().replace("~", "~0")
                    .replace("/", "~1"))))));
      });
    }
    JsonObject verticle = DescriptorKeys.VERTICLE.schema();
    verticle.getJsonObject("properties").put("config", new JsonObject().put("type", "object")
        .put("description", "The verticle's config(): the keys its class declares"));
    if (!byClass.isEmpty()) {
      verticle.put("allOf", byClass);
    }
    defs.put("verticle", verticle);
    JsonObject schema = new JsonObject().put("$schema", ConfigSchema.DRAFT)
        .put("title", "Squall application descriptor")
        .mergeIn(DescriptorKeys.DESCRIPTOR.schema());
    schema.getJsonObject("properties").getJsonObject("verticles")
        .put("items", new JsonObject().put("$ref", "#/$defs/verticle")).put("minItems", 1);
    return schema.put("$defs", defs);
  }
}
