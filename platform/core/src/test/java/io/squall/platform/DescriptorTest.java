package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescriptorTest {

  private static final String VERTICLE = TestVerticle.class.getName();

  private static Descriptor parse(String yaml) {
    return parse(yaml, Map.of(), Map.of());
  }

  private static Descriptor parse(String yaml, Map<String, String> env, Map<String, String> sets) {
    return Descriptor.parse("app.yaml", yaml, env, sets, DescriptorTest.class.getClassLoader());
  }

  private static DescriptorProblem onlyProblem(String yaml) {
    try {
      parse(yaml);
    } catch (DescriptorException e) {
      assertThat(e.problems()).hasSize(1);
      return e.problems().get(0);
    }
    throw new AssertionError("descriptor was accepted:\n" + yaml);
  }

  @Test
  void readsVerticlesWithDefaults() {
    Descriptor d = parse("""
        name: demo
        verticles:
          - name: echo
            class: %s
          - name: worker
            class: %s
            instances: 3
            roles: [backend]
            config: {address: work, nested: {limit: 5}}
        """.formatted(VERTICLE, VERTICLE));

    assertThat(d.name()).isEqualTo("demo");
    assertThat(d.shutdownTimeoutSeconds()).isEqualTo(Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
    assertThat(d.verticles()).extracting(VerticleSpec::name).containsExactly("echo", "worker");
    assertThat(d.verticles().get(0).roles()).containsExactly("echo");
    assertThat(d.verticles().get(0).instances()).isEqualTo(1);
    assertThat(d.verticles().get(1).config().getJsonObject("nested").getInteger("limit")).isEqualTo(5);
    assertThat(d.knownRoles()).containsExactly("echo", "backend");
    assertThat(d.defaultClusterName()).isEqualTo("squall-demo");
  }

  @Test
  void selectsVerticlesByRole() {
    Descriptor d = parse("""
        name: demo
        roles: [edge, backend]
        verticles:
          - {name: a, class: %1$s, roles: [edge]}
          - {name: b, class: %1$s, roles: [backend]}
          - {name: c, class: %1$s, roles: [edge, backend]}
        """.formatted(VERTICLE));

    assertThat(d.verticlesFor(List.of("backend"))).extracting(VerticleSpec::name).containsExactly("b", "c");
    assertThat(d.verticlesFor(List.of())).hasSize(3);
    assertThatThrownBy(() -> d.verticlesFor(List.of("frontend")))
        .hasMessageContaining("unknown role frontend").hasMessageContaining("edge, backend");
  }

  @Test
  void namesFileLineAndFieldOfAnUnknownClass() {
    DescriptorProblem p = onlyProblem("""
        name: demo
        verticles:
          - name: http
            class: com.example.Missing
        """);
    assertThat(p.toString()).isEqualTo(
        "app.yaml:4: verticles[0].class: class com.example.Missing not found (is its jar on --classpath or in lib/?)");
  }

  @Test
  void rejectsAClassThatIsNotAVerticle() {
    DescriptorProblem p = onlyProblem("name: demo\nverticles:\n  - {name: x, class: java.lang.String}\n");
    assertThat(p.field()).isEqualTo("verticles[0].class");
    assertThat(p.message()).contains("is not a verticle");
  }

  @Test
  void rejectsBadInstancesWithTheirLine() {
    DescriptorProblem p = onlyProblem("""
        name: demo
        verticles:
          - name: http
            class: %s
            instances: 0
        """.formatted(VERTICLE));
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("verticles[0].instances");
    assertThat(p.message()).contains("from 1 to 1024");
  }

  @Test
  void rejectsUndeclaredRoles() {
    DescriptorProblem p = onlyProblem("""
        name: demo
        roles: [edge]
        verticles:
          - name: http
            class: %s
            roles: [edge, backnd]
        """.formatted(VERTICLE));
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.field()).isEqualTo("verticles[0].roles[1]");
    assertThat(p.message()).contains("unknown role 'backnd'");
  }

  @Test
  void rejectsUnknownKeysAndSaysWhichAreAllowed() {
    DescriptorProblem p = onlyProblem("""
        name: demo
        verticles:
          - name: http
            class: %s
            instance: 2
        """.formatted(VERTICLE));
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("verticles[0].instance");
    assertThat(p.message()).contains("unknown key 'instance'").contains("instances");
  }

  @Test
  void reportsMalformedYamlWithItsLine() {
    DescriptorProblem p = onlyProblem("name: demo\nverticles:\n  - name: [unclosed\n    class: x\n");
    assertThat(p.message()).startsWith("malformed YAML");
    assertThat(p.line()).isBetween(3, 5);
  }

  @Test
  void rejectsDuplicateKeys() {
    DescriptorProblem p = onlyProblem("name: demo\nname: again\nverticles: []\n");
    assertThat(p.line()).isEqualTo(2);
    assertThat(p.message()).contains("Duplicate field 'name'");
  }

  @Test
  void collectsEveryProblemAtOnce() {
    assertThatThrownBy(() -> parse("""
        name: Demo
        verticles:
          - name: a
            class: nope.A
          - name: a
            class: %s
        """.formatted(VERTICLE)))
        .isInstanceOfSatisfying(DescriptorException.class, e -> assertThat(e.problems())
            .extracting(DescriptorProblem::field)
            .containsExactly("name", "verticles[0].class", "verticles[1].name"));
  }

  @Test
  void reportsAnEmptyFile() {
    assertThat(onlyProblem("").message()).contains("descriptor is empty");
  }

  @Test
  void appliesEnvironmentThenSetOverrides() {
    String yaml = """
        name: demo
        verticles:
          - name: http
            class: %1$s
            config: {port: 8080, host: localhost}
          - name: chat-room
            class: %1$s
        """.formatted(VERTICLE);
    Descriptor d = parse(yaml,
        Map.of("SQUALL_HTTP_PORT", "9000", "SQUALL_HTTP_BODY_LIMIT", "2048", "SQUALL_CHAT_ROOM_LIMITS__MAX_LENGTH", "500",
            "SQUALL_ROLES", "edge"),
        Map.of("http.host", "0.0.0.0", "http.gzip", "true"));

    assertThat(d.verticles().get(0).config().encode())
        .isEqualTo("{\"port\":9000,\"host\":\"0.0.0.0\",\"bodyLimit\":2048,\"gzip\":true}");
    assertThat(d.verticles().get(1).config().getJsonObject("limits").getInteger("maxLength")).isEqualTo(500);
    assertThat(parse(yaml, Map.of("SQUALL_HTTP_PORT", "9000"), Map.of("http.port", "9100"))
        .verticles().get(0).config().getInteger("port")).isEqualTo(9100);
  }

  /** Found by DescriptorFuzzTest: an empty value crashed the parser with a DecodeException instead of applying. */
  @Test
  void anEmptyOverrideValueIsTheEmptyStringInsteadOfACrash() {
    String yaml = "name: demo\nverticles:\n  - {name: http, class: %s, config: {host: x}}\n".formatted(VERTICLE);

    JsonObject config = parse(yaml, Map.of("SQUALL_HTTP_HOST", ""), Map.of("http.list", "[1, {a: ''}]"))
        .verticles().get(0).config();

    assertThat(config.getString("host")).isEmpty();
    assertThat(config.getJsonArray("list").encode()).isEqualTo("[1,{\"a\":\"\"}]");
  }

  /** Found by DescriptorFuzzTest: a key segment of underscores only threw ArrayIndexOutOfBoundsException. */
  @Test
  void anEnvironmentKeyOfUnderscoresIsIgnoredInsteadOfACrash() {
    String yaml = "name: demo\nverticles:\n  - {name: http, class: %s, config: {host: x}}\n".formatted(VERTICLE);

    JsonObject config = parse(yaml, Map.of("SQUALL_HTTP__", "1", "SQUALL_HTTP_LIMITS___", "2"), Map.of())
        .verticles().get(0).config();

    assertThat(config.encode()).isEqualTo("{\"host\":\"x\",\"limits\":2}");
  }

  /** Found by DescriptorFuzzTest: --set http..=1 threw ArrayIndexOutOfBoundsException instead of a problem. */
  @Test
  void aSetKeyWithAnEmptyPartIsAProblemInsteadOfACrash() {
    String yaml = "name: demo\nverticles:\n  - {name: http, class: %s}\n".formatted(VERTICLE);
    for (String key : new String[] {"http..", "http.a..b", "http.a."}) {
      assertThatThrownBy(() -> parse(yaml, Map.of(), Map.of(key, "1")))
          .hasMessage("--set " + key + ": expected <verticle>.<config key>=<value>, e.g. --set http.port=9000");
    }
  }

  @Test
  void rejectsAnOverrideForAVerticleThatDoesNotExist() {
    assertThatThrownBy(() -> parse("name: demo\nverticles:\n  - {name: http, class: %s}\n".formatted(VERTICLE),
        Map.of(), Map.of("htp.port", "1")))
        .hasMessage("--set htp.port: no verticle named 'htp' (verticles: http)");
  }

  /** SQUALL_DESCRIPTOR, SQUALL_JAR, SQUALL_JVM_FLAGS and SQUALL_EVENT_LOOPS belong to docker/entrypoint.sh and the launcher. */
  @Test
  void verticleNamesTheEntrypointsVariablesWouldHitAreReserved() {
    for (String name : new String[] {"descriptor", "jar", "jvm", "event"}) {
      DescriptorProblem p = onlyProblem("name: demo\nverticles:\n  - {name: " + name + ", class: " + VERTICLE + "}\n");
      assertThat(p.message()).contains("'" + name + "' is reserved");
    }
  }

  /** Found by DescriptorFuzzTest: an empty 'class:' (the empty string) was taken for no verticle, and the descriptor passed with none. */
  @Test
  void anEmptyClassIsRequiredInsteadOfADescriptorWithoutVerticles() {
    DescriptorProblem p = onlyProblem("name: app\nverticles:\n  - name: web\n    class:\n");

    assertThat(p.toString()).isEqualTo("app.yaml:4: verticles[0].class: '' is not a fully qualified class name, e.g."
        + " com.acme.HelloVerticle");
  }
}
