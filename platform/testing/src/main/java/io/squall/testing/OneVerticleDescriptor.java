package io.squall.testing;

import io.squall.platform.Descriptor;
import io.squall.platform.DescriptorException;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A descriptor of one verticle, for tests of its declared config: what {@code squall check} and {@code squall run}
 * make of a config written in YAML. The file is {@code app.yaml}; a flow mapping ({@code {port: 80}}) sits on line 5.
 *
 * <pre>
 * assertThat(OneVerticleDescriptor.config("bridge", BridgeVerticle.class, "{pingTimeout: 90s}").getLong("pingTimeout"))
 *     .isEqualTo(90_000);
 * assertThat(OneVerticleDescriptor.problems("bridge", BridgeVerticle.class, "{rateLimti: 5}")).contains("did you mean");
 * </pre>
 */
public final class OneVerticleDescriptor {

  private OneVerticleDescriptor() {
  }

  public static String yaml(String name, Class<?> verticle, String config) {
    return "name: app\nverticles:\n  - name: " + name + "\n    class: " + verticle.getName() + "\n    config: " + config
        + "\n";
  }

  /** The config as the verticle gets it (checked, units converted); a problem fails with the descriptor's message. */
  public static JsonObject config(String name, Class<?> verticle, String config) {
    return Descriptor.parse("app.yaml", yaml(name, verticle, config), Map.of(), Map.of(), verticle.getClassLoader())
        .verticles().get(0).config();
  }

  /** Every problem, one per line as the CLI prints them; fails if the config is accepted or a stack trace leaks. */
  public static String problems(String name, Class<?> verticle, String config) {
    try {
      config(name, verticle, config);
    } catch (DescriptorException e) {
      if (e.getMessage().contains("Exception") || e.getMessage().contains("\tat ")) {
        throw new AssertionError("a stack trace in the problems: " + e.getMessage());
      }
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + config);
  }
}
