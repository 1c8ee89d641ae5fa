package io.squall.platform;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The keys of a descriptor itself and of each of its verticle entries (a verticle's config declares its own). */
final class DescriptorKeys {

  private static final String NAME = "[a-z][a-z0-9-]{0,62}";
  private static final String NAME_WORDS = "a valid name: use lower-case letters, digits and '-'";
  private static final int MAX_INSTANCES = 1024;
  /** Dotted Java identifiers; blanks around it are forgiven (YAML keeps them in quoted values). */
  private static final String CLASS_NAME = "\\s*[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*\\s*";

  static final ConfigKeys VERTICLE = ConfigKeys.of(
      ConfigKey.string("name", null, "Unique name of this verticle; also the prefix of its --set and SQUALL_ overrides")
          .required().pattern(NAME, NAME_WORDS),
      ConfigKey.string("class", null, "The verticle's fully qualified class name (a VerticleBase or Deployable"
          + " with a public no-argument constructor)").required()
          .pattern(CLASS_NAME, "a fully qualified class name, e.g. com.acme.HelloVerticle"),
      ConfigKey.integer("instances", 1, 1, MAX_INSTANCES, "How many instances each node that runs it deploys"),
      ConfigKey.strings("roles", null, "Roles that select this verticle (--roles); default: its name")
          .pattern(NAME, NAME_WORDS),
      ConfigKey.json("config", "The verticle's config(): the keys its class declares"))
      .rule((verticle, problems) -> {
        Object config = verticle.getValue("config");
        if (config != null && !(config instanceof io.vertx.core.json.JsonObject)) {
          problems.add("config", "must be a mapping of config keys");
        }
      });

  static final ConfigKeys DESCRIPTOR = ConfigKeys.of(
      ConfigKey.string("name", null, "Application name; the default cluster name is squall-<name>").required()
          .pattern(NAME, NAME_WORDS),
      ConfigKey.strings("roles", null, "When given, every role a verticle names must be one of these")
          .pattern(NAME, NAME_WORDS),
      ConfigKey.duration("shutdownTimeout", Duration.ofSeconds(Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS),
          TimeUnit.SECONDS, "Longest a draining node waits for in-flight work on SIGTERM").range(0, 3600),
      ConfigKey.list("verticles", VERTICLE, "The verticles, in deployment order").required());

  private DescriptorKeys() {
  }
}
