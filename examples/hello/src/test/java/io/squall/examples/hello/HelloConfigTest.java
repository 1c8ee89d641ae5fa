package io.squall.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Descriptor;
import io.squall.platform.DescriptorException;
import io.squall.platform.DescriptorProblem;
import io.vertx.core.Vertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example's declared key, as a user's verticle declares its own: checked with hello.yaml, before a deploy. */
class HelloConfigTest {

  private static final ClassLoader LOADER = HelloConfigTest.class.getClassLoader();

  @Test
  void helloYamlPassesCheck() {
    Descriptor d = Descriptor.load(Path.of("hello.yaml"), Map.of(), Map.of(), LOADER);

    assertThat(d.verticles()).extracting(v -> v.name()).containsExactly("http", "hello");
  }

  @Test
  void aTypoInTheGreetingKeyIsRefusedWithItsLineAndTheKeyMeant() throws Exception {
    String yaml = Files.readString(Path.of("hello.yaml"))
        + "    config:\n      greting: Hi\n";

    assertThatThrownBy(() -> Descriptor.parse("hello.yaml", yaml, Map.of(), Map.of(), LOADER))
        .isInstanceOfSatisfying(DescriptorException.class, e -> assertThat(e.problems())
            .extracting(DescriptorProblem::toString).containsExactly("hello.yaml:" + yaml.lines().count()
                + ": verticles[1].config.greting: unknown key 'greting' (did you mean 'greeting'?)"));
    assertThatThrownBy(() -> Descriptor.parse("hello.yaml", Files.readString(Path.of("hello.yaml")), Map.of(),
        Map.of("hello.greeting", "Hi!"), LOADER))
        .hasMessageContaining("--set hello.greeting=Hi!: 'Hi!' is not a word of letters (at most 20)");
  }

  @Test
  void theGreetingIsConfigurableAndAVerticleDeployedWithoutADescriptorChecksItToo() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(new HelloVerticle(), new DeploymentOptions().setConfig(new JsonObject()
          .put("greeting", "Bonjour"))).await(10, TimeUnit.SECONDS);
      JsonObject reply = vertx.eventBus().<JsonObject>request(HelloVerticle.ADDRESS, new JsonObject().put("name", "Ada"))
          .await(10, TimeUnit.SECONDS).body();
      assertThat(reply.getString("greeting")).isEqualTo("Bonjour, Ada!");

      assertThatThrownBy(() -> vertx.deployVerticle(new HelloVerticle(), new DeploymentOptions().setConfig(
          new JsonObject().put("greting", "Hi"))).await(10, TimeUnit.SECONDS))
          .hasMessage("hello: greting: unknown key 'greting' (did you mean 'greeting'?)");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
