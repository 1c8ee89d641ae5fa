package io.squall.platform;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One verticle entry of a descriptor.
 *
 * @param name unique name within the application; also the prefix of its config overrides
 * @param className class implementing {@link io.vertx.core.Deployable} (usually a {@code VerticleBase})
 * @param instances how many instances to deploy on each node that runs it
 * @param roles roles that select this verticle; defaults to {@code [name]}
 * @param config the verticle's {@code config()}
 */
public record VerticleSpec(String name, String className, int instances, List<String> roles, JsonObject config) {

  public VerticleSpec {
    roles = List.copyOf(roles);
    config = config == null ? new JsonObject() : config.copy();
  }

  @Override
  public JsonObject config() {
    return config.copy();
  }

  boolean selectedBy(List<String> nodeRoles) {
    return nodeRoles.isEmpty() || roles.stream().anyMatch(nodeRoles::contains);
  }
}
