package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.squall.platform.Descriptor;
import io.squall.platform.DescriptorException;
import io.squall.platform.DescriptorProblem;
import io.squall.testing.ConfigDocs;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema that {@code squall schema} prints is the one checked into docs/, and every descriptor in the repo
 * passes {@code squall check} and validates against it with a real validator (Vert.x JSON Schema, draft 2020-12).
 */
class DescriptorSchemaTest {

  static final Path ROOT = SquallProcess.root();
  static final Path CHECKED_IN = ROOT.resolve("docs/squall.schema.json");

  /**
   * Verticle classes these descriptors name that this test cannot load: bench/java is not in the build, the hello
   * example checks its own descriptor (HelloConfigTest), and LifecycleVerticle is a test class of platform/testing.
   * None of them declares config keys, so their configs would pass unchecked anyway.
   */
  static final List<String> NOT_ON_THIS_CLASSPATH = List.of("io.squall.bench.", "io.squall.examples.hello.",
      "io.squall.testing.LifecycleVerticle");

  /** Folders whose YAML is not a descriptor that should pass: build output, the broken corpus, fuzz inputs. */
  static final List<String> SKIPPED = List.of("/target/", "/node_modules/", "/.git/", "/descriptors/broken/",
      "FuzzTestInputs");

  /** Every descriptor in the repo: a YAML mapping with a 'verticles' key (the k8s one is a ConfigMap's file). */
  static Stream<Path> repoDescriptors() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(f -> f.toString().matches(".*\\.ya?ml$"))
          .filter(f -> SKIPPED.stream().noneMatch(s -> f.toString().contains(s)))
          .filter(f -> {
            try {
              return yaml.readTree(f.toFile()).has("verticles");
            } catch (IOException | RuntimeException e) {
              return false;   // multi-document manifests, compose files: not descriptors
            }
          })
          .sorted().toList().stream();
    }
  }

  @Test
  void theRepoDescriptorsAreAllFound() throws IOException {
    assertThat(repoDescriptors().map(p -> ROOT.relativize(p).toString())).contains(
        "verticles/chat/src/main/resources/squall/chat/chat.yaml", "k8s/base/chat.yaml", "examples/hello/hello.yaml",
        "bench/ws/squall-app.yaml", "bench/cluster/squall-cluster.yaml",
        "platform/launcher/src/test/resources/descriptors/good/cluster-app.yaml",
        "verticles/channels/src/test/resources/channels-app.yaml", "platform/testing/src/test/resources/app.yaml");
  }

  static JsonObject printedSchema() {
    CliTest.Run run = CliTest.squall("schema");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return new JsonObject(run.out());
  }

  static OutputUnit validate(JsonObject schema, Path yaml) throws IOException {
    Object instance = new JsonObject(new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(yaml.toFile())));
    return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://squall.invalid/")).validate(instance);
  }

  /** Every build writes target/squall.schema.json afresh; the checked-in copy must equal it. */
  @Test
  void theCheckedInSchemaIsWhatSquallSchemaPrints() throws IOException {
    JsonObject printed = printedSchema();
    Path built = Files.writeString(Path.of("target/squall.schema.json"), printed.encodePrettily() + "\n");
    if (Boolean.getBoolean("squall.docs.write")) {
      Files.copy(built, CHECKED_IN, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(new JsonObject(Files.readString(CHECKED_IN))).as("docs/squall.schema.json is stale: copy "
        + built.toAbsolutePath() + " over it (or run the launcher tests with -Dsquall.docs.write=true)")
        .isEqualTo(printed);
  }

  /** platform/core cannot use squall-testing (which depends on it), so its README is checked from here. */
  @Test
  void theCoreReadmesDescriptorKeyTableMatchesTheDeclaredKeys() {
    ConfigDocs.assertReadme(Descriptor.KEYS, ROOT.resolve("platform/core/README.md"));
  }

  @ParameterizedTest
  @MethodSource("repoDescriptors")
  void everyDescriptorInTheRepoValidatesAgainstTheSchema(Path descriptor) throws IOException {
    OutputUnit result = validate(printedSchema(), descriptor);
    assertThat(result.getValid()).as(descriptor + ": " + result.toJson().encodePrettily()).isTrue();
  }

  /**
   * Each passes what {@code squall check} checks; the Kubernetes one as {@code check --no-file-lookup} (its secrets
   * are mounted in the pod only), and classes outside this build aside.
   */
  @ParameterizedTest
  @MethodSource("repoDescriptors")
  void everyDescriptorInTheRepoPassesCheck(Path descriptor) {
    assertThat(problems(descriptor, Map.of(), !descriptor.startsWith(ROOT.resolve("k8s")))).isEmpty();
  }

  /** docker/compose.yaml runs the packaged chat app with docker/squall.env's overrides: they must fit its keys. */
  @Test
  void theDockerEnvironmentFitsThePackagedDescriptor() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve("docker/squall.env"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    Path chat = ROOT.resolve("verticles/chat/src/main/resources/squall/chat/chat.yaml");

    assertThat(problems(chat, env, false)).isEmpty();
    assertThat(problems(chat, Map.of("SQUALL_HTTP_TRUSTED_PROXY", "[10.0.0.0/8]"), false))
        .as("and the check is not vacuous").hasSize(1);
  }

  @Test
  void theSchemaRefusesWhatCheckRefuses() throws IOException {
    JsonObject schema = printedSchema();
    for (String broken : List.of("typo-route-auth.yaml", "route-bad-kind.yaml", "typo-permit.yaml",
        "port-out-of-range.yaml", "bad-size.yaml", "typo-top-key.yaml")) {
      Path file = CliTest.DESCRIPTORS.resolve("broken").resolve(broken);
      assertThat(validate(schema, file).getValid()).as(broken).isFalse();
    }
  }

  private static List<String> problems(Path descriptor, Map<String, String> env, boolean lookUpFiles) {
    try {
      Descriptor.load(descriptor, env, Map.of(), DescriptorSchemaTest.class.getClassLoader(), lookUpFiles);
      return List.of();
    } catch (DescriptorException e) {
      return e.problems().stream().map(DescriptorProblem::toString)
          .filter(p -> NOT_ON_THIS_CLASSPATH.stream().noneMatch(prefix -> p.contains("class " + prefix)))
          .toList();
    }
  }
}
