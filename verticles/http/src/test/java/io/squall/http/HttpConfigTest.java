package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.squall.platform.Descriptor;
import io.squall.platform.DescriptorException;
import io.squall.platform.VerticleSpec;
import io.squall.testing.ConfigDocs;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The http verticle's config as a descriptor (or a Java user) gives it: every key, route and rate limit checked
 * before anything is deployed, with the key path; durations and sizes with units.
 */
class HttpConfigTest {

  private static final String SECRET = "{'1': test-only-cookie-secret-0123456789abcdef}";

  @Test
  void readmeKeyTableMatchesTheDeclaredKeys() {
    ConfigDocs.assertReadme(HttpVerticle.CONFIG, Path.of("README.md"));
  }

  @Test
  void everyTimeKeyTakesUnitsAndABareNumberKeepsItsUnit() {
    assertThat(durationKeys(HttpOptions.KEYS)).as("the time keys this test covers").containsExactlyInAnyOrder(
        "idleTimeout", "headerTimeout", "bodyTimeout", "requestTimeout", "shutdownTimeout", "sessionTimeout",
        "cookieMaxAge", "routes.timeout");
    assertThat(durationKeys(SseRoute.KEYS)).containsExactly("keepAlive");
    HttpOptions units = options("""
        idleTimeout: 2m
        headerTimeout: 15s
        bodyTimeout: 1h
        requestTimeout: 2s
        shutdownTimeout: 1m
        sessionTimeout: 2h
        cookieMaxAge: 7d
        routes: [{path: /a, kind: bus, address: a, timeout: 1500ms}, {path: /s, kind: sse, address: s,
                  config: {keepAlive: 5s}}]""");
    HttpOptions bare = options("""
        idleTimeout: 120
        headerTimeout: 15
        bodyTimeout: 3600
        requestTimeout: 2000
        shutdownTimeout: 60
        sessionTimeout: 120
        cookieMaxAge: 604800
        routes: [{path: /a, kind: bus, address: a, timeout: 1500}, {path: /s, kind: sse, address: s,
                  config: {keepAlive: 5000}}]""");

    assertThat(units.getIdleTimeout()).as("seconds").isEqualTo(120);
    assertThat(units.getHeaderTimeout()).as("seconds").isEqualTo(15);
    assertThat(units.getBodyTimeout()).as("seconds").isEqualTo(3600);
    assertThat(units.getRequestTimeout()).as("milliseconds").isEqualTo(2000);
    assertThat(units.getShutdownTimeout()).as("seconds").isEqualTo(60);
    assertThat(units.getSessionTimeout()).as("minutes").isEqualTo(120);
    assertThat(units.getCookieMaxAge()).as("seconds").isEqualTo(604800);
    assertThat(units.getRoutes().get(0).getTimeout()).as("milliseconds").isEqualTo(1500);
    assertThat(units.getRoutes().get(1).getConfig().getLong("keepAlive"))
        .as("milliseconds").isEqualTo(5000);
    assertThat(problems("routes: [{path: /s, kind: sse, address: s, config: {keepAlive: soon, keepAlvie: 1s}}]"))
        .contains("verticles[0].config.routes[0].config.keepAlive: expected a duration such as 30s")
        .contains("verticles[0].config.routes[0].config.keepAlvie: unknown key 'keepAlvie' (did you mean"
            + " 'keepAlive'?)");
    assertThat(units.toJson()).isEqualTo(bare.toJson());
    assertThat(new HttpOptions(units.toJson()).toJson()).as("toJson writes bare numbers").isEqualTo(bare.toJson());
  }

  @Test
  void everySizeKeyTakesUnitsAndABareNumberIsBytes() {
    HttpOptions units = options("""
        bodyLimit: 10MiB
        maxHeaderSize: 32KiB
        maxInitialLineLength: 4KiB
        compressionMinSize: 2KiB
        routes: [{path: /up, kind: handler, handler: io.squall.http.EchoRoute, bodyLimit: 1GiB}]""");
    HttpOptions bare = options("""
        bodyLimit: 10485760
        maxHeaderSize: 32768
        maxInitialLineLength: 4096
        compressionMinSize: 2048
        routes: [{path: /up, kind: handler, handler: io.squall.http.EchoRoute, bodyLimit: 1073741824}]""");

    assertThat(units.getBodyLimit()).isEqualTo(10L * 1024 * 1024);
    assertThat(units.getMaxHeaderSize()).isEqualTo(32 * 1024);
    assertThat(units.getMaxInitialLineLength()).isEqualTo(4 * 1024);
    assertThat(units.getCompressionMinSize()).isEqualTo(2 * 1024);
    assertThat(units.getRoutes().get(0).getBodyLimit()).isEqualTo(1024L * 1024 * 1024);
    assertThat(units.toJson()).isEqualTo(bare.toJson());
  }

  @Test
  void javaUsersMayWriteUnitsInTheJsonToo() {
    HttpOptions options = new HttpOptions(new JsonObject().put("idleTimeout", "90s").put("bodyLimit", "2MiB")
        .put("routes", new JsonArray().add(new JsonObject().put("path", "/a").put("kind", "bus").put("address", "a")
            .put("timeout", "3s").put("rateLimit", new JsonObject().put("rate", 0.5)))));

    assertThat(options.getIdleTimeout()).isEqualTo(90);
    assertThat(options.getBodyLimit()).isEqualTo(2L * 1024 * 1024);
    assertThat(options.getRoutes().get(0).getTimeout()).isEqualTo(3000L);
    assertThat(options.getRoutes().get(0).getRateLimit().getRate()).isEqualTo(0.5);
  }

  @Test
  void typosAreRefusedWithTheKeyPathAndASuggestionAtEveryLevel() {
    String problems = problems("""
        bodyLimt: 10
        trustedProxy: [10.0.0.0/8]
        routes:
          - {path: /a, kind: bus, address: a, auht: true}
          - {path: /b, kind: redirect, to: /, stauts: 301}
          - {path: /c, kind: bus, address: c, rateLimit: {rate: 5, burts: 20}}""");

    assertThat(problems).contains(
        "app.yaml:7: verticles[0].config.bodyLimt: unknown key 'bodyLimt' (did you mean 'bodyLimit'?)",
        "app.yaml:8: verticles[0].config.trustedProxy: unknown key 'trustedProxy' (did you mean 'trustedProxies'?)",
        "app.yaml:10: verticles[0].config.routes[0].auht: unknown key 'auht' (did you mean 'auth'?)",
        "app.yaml:11: verticles[0].config.routes[1].stauts: unknown key 'stauts' (did you mean 'status'?)",
        "app.yaml:12: verticles[0].config.routes[2].rateLimit.burts: unknown key 'burts' (did you mean 'burst'?)");
  }

  @Test
  void aMisspelledKindIsRefusedWithTheKindsAndASuggestion() {
    assertThat(problems("routes: [{path: /a, kind: redirct, to: /}]")).contains("verticles[0].config.routes[0].kind:"
        + " expected one of template, static, bus, sse, redirect, handler, got 'redirct' (did you mean 'redirect'?)");
    assertThat(problems("routes: [{path: /a, to: /}]")).contains("verticles[0].config.routes[0].kind: 'kind' is"
        + " required");
  }

  @Test
  void wrongTypesAndValuesOutOfRangeGiveTheirMessage() {
    assertThat(problems("port: abc")).contains("verticles[0].config.port: expected a port number 0-65535");
    assertThat(problems("port: 70000")).contains("verticles[0].config.port: must be from 0 to 65535, got 70000");
    assertThat(problems("compressionLevel: 10")).contains("config.compressionLevel: must be from 1 to 9, got 10");
    assertThat(problems("idleTimeout: 30 sec")).contains("config.idleTimeout: expected a duration such as 30s, 500ms,"
        + " 20m or 1h (a bare number is seconds), got '30 sec'");
    assertThat(problems("idleTimeout: 1500ms")).contains("config.idleTimeout: '1500ms' is not a whole number of"
        + " seconds");
    assertThat(problems("requestTimeout: 0")).contains("config.requestTimeout: must be at least 1ms, got 0s");
    assertThat(problems("bodyLimit: 1MB")).contains("config.bodyLimit: expected a size such as 64KiB or 1MiB");
    assertThat(problems("dev: yes please")).contains("config.dev: expected true or false");
    assertThat(problems("oidcLogin: 5")).contains("config.oidcLogin: expected a string, true or false, got '5'");
    assertThat(problems("trustedProxies: [127.0.0.1, proxy.example]")).contains("config.trustedProxies[1]:"
        + " 'proxy.example' is not an IP address or CIDR range");
    assertThat(problems("frameOptions: \"DENY\\r\\nSet-Cookie: x=1\"")).contains("config.frameOptions:")
        .contains("is not a header value");
    assertThat(problems("loginUrl: login")).contains("config.loginUrl: 'login' is not a path starting with /");
    assertThat(problems("routes: [{path: /a, kind: redirect, to: /, status: 304}]"))
        .contains("config.routes[0].status: a redirect's status must be 301, 302, 303, 307 or 308, got 304");
    assertThat(problems("routes: [{path: /a, kind: bus, address: a, rateLimit: {rate: 0}}]"))
        .contains("config.routes[0].rateLimit.rate: must be above 0");
    assertThat(problems("routes: [{path: /a, kind: bus, address: a, rateLimit: {burst: 0}}]"))
        .contains("config.routes[0].rateLimit.burst: must be at least 1, got 0");
    assertThat(problems("routes: [{regex: '^/(?<a>', kind: bus, address: a}]"))
        .contains("config.routes[0].regex: not a regular expression");
  }

  @Test
  void whatARouteKindNeedsIsNamedWithTheRoute() {
    assertThat(problems("routes: [{path: /a, kind: bus}]")).contains("config.routes[0].address: a bus route needs"
        + " 'address'");
    assertThat(problems("routes: [{path: /a, regex: ^/a$, kind: redirect, to: /}]"))
        .contains("config.routes[0]: exactly one of 'path' or 'regex' is required");
    assertThat(problems("routes: [{path: /s, kind: static, dir: 'classpath:webroot'}]"))
        .contains("config.routes[0].path: a static route needs a 'path' ending in /*");
    assertThat(problems("routes: [{path: /s/*, kind: static, dir: 'classpath:/'}]"))
        .contains("config.routes[0].dir: 'classpath:/' would serve the whole class path");
    assertThat(problems("routes: [{path: /e, kind: sse}]")).contains("config.routes[0]: an sse route needs 'address'"
        + " or 'channel'");
  }

  @Test
  void cookieSecretsAreCheckedWithoutShowingThem() {
    String shortSecret = problems("cookieSecrets: {'1': too-short-secret}");
    assertThat(shortSecret).contains("config.cookieSecrets[1]: the secret of version 1 is shorter than 32 characters")
        .doesNotContain("too-short-secret");
    assertThat(problems("cookieSecrets: {test-only-cookie-secret-0123456789abcdef: '1'}"))
        .as("a secret written where the version goes").contains("config.cookieSecrets: every key must be a version,"
            + " a positive integer (a key that is not is not shown: it may be a secret)")
        .doesNotContain("0123456789abcdef");
    assertThat(problems("cookieSecrets: {'0': test-only-cookie-secret-0123456789abcdef}"))
        .contains("config.cookieSecrets[0]: the version must be a positive integer");
  }

  @Test
  void tlsNeedsBothFilesAndTheyMustExist(@TempDir Path dir) throws Exception {
    String cert = Files.writeString(dir.resolve("cert.pem"), "x").toString();
    assertThat(problems("tlsCert: " + cert)).contains("config.tlsKey: TLS needs both tlsCert and tlsKey");
    String missing = dir.resolve("no-such-key.pem").toString();
    assertThat(problems("tlsCert: " + cert + "\ntlsKey: " + missing))
        .contains("config.tlsKey: file '" + missing + "' does not exist");
  }

  @Test
  void aMissingFileOrFolderIsRefusedNamingTheKey(@TempDir Path dir) {
    String absent = dir.resolve("absent").toString();
    assertThat(problems("cookieSecretFile: " + absent))
        .contains("config.cookieSecretFile: file '" + absent + "' does not exist");
    assertThat(problems("routes: [{path: /static/*, kind: static, dir: " + absent + "}]"))
        .contains("config.routes[0].dir: folder '" + absent + "' does not exist");
    assertThat(problems("routes: [{path: /static/*, kind: static, dir: no-such-webroot}]"))
        .as("a relative folder says where it was looked for")
        .contains("config.routes[0].dir: folder 'no-such-webroot' does not exist (relative paths resolve against the"
            + " working directory, " + Path.of("").toAbsolutePath() + ")");
    assertThat(problems("routes: [{path: /static/*, kind: static, dir: 'classpath:no-such-webroot'}]"))
        .contains("config.routes[0].dir: folder 'classpath:no-such-webroot' is not on the classpath");
  }

  @Test
  void anOverrideWithABadValueIsNamed() {
    DescriptorException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> Descriptor.parse("app.yaml",
        descriptor("port: 8080"), Map.of(), Map.of("http.port", "abc"), HttpConfigTest.class.getClassLoader()),
        DescriptorException.class);
    assertThat(e.getMessage()).contains("--set http.port=abc: expected a port number 0-65535");
  }

  @Test
  void theVerticleChecksItsConfigAtStartAndReadsUnits() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("xsrf", false)
          .put("idleTimeout", "1m").put("requestTimeout", "5s")
          .put("cookieSecrets", new JsonObject().put("1", "test-only-cookie-secret-0123456789abcdef"))
          .put("routes", new JsonArray().add(new JsonObject().put("path", "/up").put("kind", "handler")
              .put("handler", EchoRoute.class.getName()).put("methods", new JsonArray().add("POST"))
              .put("bodyLimit", "16B")));
      HttpVerticle verticle = new HttpVerticle();
      vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
      HttpClient client = HttpClient.newHttpClient();
      URI up = URI.create("http://127.0.0.1:" + verticle.actualPort() + "/up");
      HttpResponse<String> small = client.send(HttpRequest.newBuilder(up)
          .POST(HttpRequest.BodyPublishers.ofString("x".repeat(16))).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> big = client.send(HttpRequest.newBuilder(up)
          .POST(HttpRequest.BodyPublishers.ofString("x".repeat(17))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(small.body()).isEqualTo("got 16 bytes");
      assertThat(big.statusCode()).as("bodyLimit: 16B").isEqualTo(413);

      Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> vertx.deployVerticle(new HttpVerticle(),
          new DeploymentOptions().setConfig(config.copy().put("idleTimout", "1m"))).await(30, TimeUnit.SECONDS));
      assertThat(refused).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("http: idleTimout: unknown key 'idleTimout' (did you mean 'idleTimeout'?)");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** A descriptor whose http verticle has {@code config} (YAML lines) plus a cookie secret when it names none. */
  private static String descriptor(String config) {
    String lines = config.contains("cookieSecret") ? config : config + "\ncookieSecrets: " + SECRET;
    return """
        name: app
        verticles:
          - name: http
            class: io.squall.http.HttpVerticle
            config:
              host: 127.0.0.1
        """ + lines.indent(6);
  }

  /** Every duration key, nested ones as {@code routes.timeout}. */
  private static List<String> durationKeys(ConfigKeys keys) {
    List<String> names = new ArrayList<>();
    for (ConfigKey k : keys.keys()) {
      if (k.type() == ConfigKey.Type.DURATION) {
        names.add(k.name());
      } else if (k.nested() != null) {
        durationKeys(k.nested()).forEach(n -> names.add(k.name() + "." + n));
      }
    }
    return names;
  }

  private static HttpOptions options(String config) {
    VerticleSpec spec = Descriptor.parse("app.yaml", descriptor(config), Map.of(), Map.of(),
        HttpConfigTest.class.getClassLoader()).verticles().get(0);
    return new HttpOptions(spec.config());
  }

  private static String problems(String config) {
    try {
      Descriptor.parse("app.yaml", descriptor(config), Map.of(), Map.of(), HttpConfigTest.class.getClassLoader());
    } catch (DescriptorException e) {
      assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + config);
  }
}
