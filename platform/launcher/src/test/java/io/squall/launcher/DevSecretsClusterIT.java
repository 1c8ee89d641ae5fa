package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged chat app on a cluster with no secret configured (its descriptor's {@code dev: true}, and none of
 * {@code SQUALL_HTTP_COOKIE_SECRET_FILE} or {@code SQUALL_AUTH_KEYS}): the nodes share generated development secrets,
 * so tokens and sessions work on every node. Without {@code dev}, a clustered node refuses to start and says what to set.
 */
class DevSecretsClusterIT {

  private final List<SquallProcess> processes = new ArrayList<>();
  private final String cluster = "squall-dev-secrets-it-" + UUID.randomUUID();
  private Path app;

  @TempDir
  Path dir;

  @BeforeEach
  void packagedChat() throws IOException {
    app = dir.resolve("chat.yaml");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("squall/chat/chat.yaml")) {
      Files.write(app, in.readAllBytes());
    }
  }

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, String roles, String... args) {
    SquallProcess p = SquallProcess.clusterMember(app.toString(), cluster, roles, args).name(name).start();
    processes.add(p);
    return p;
  }

  @Test
  void twoBackendsAndAnEdgeWithNoSecretsConfiguredAcceptEveryTokenAndSession() throws Exception {
    List<SquallProcess> nodes = List.of(node("backend1", "backend"), node("backend2", "backend"),
        node("edge", "edge", "--http-port", "0", "--bridge-port", "0"));
    for (SquallProcess p : nodes) {
      p.awaitReady(Duration.ofSeconds(90));
      awaitCondition("3 members", Duration.ofSeconds(60), () -> p.info().getInteger("members") == 3);
    }
    String base = "http://127.0.0.1:" + nodes.get(2).port("http");
    ChatClient alice = ChatClient.login(base);
    String sessionToken = alice.token();
    String apiToken = apiToken(base);

    // The edge has each token verified by the backends in turn: with a key per backend, every other post was 401.
    // Each token's posts run in a row, so they reach both backends.
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      record(failed, "bearer post (the session's token) " + i, bearerPost(base, sessionToken, "by token " + i));
    }
    for (int i = 0; i < 6; i++) {
      record(failed, "bearer post (an API token) " + i, bearerPost(base, apiToken, "by API token " + i));
    }
    for (int i = 0; i < 6; i++) {
      record(failed, "session post " + i, alice.post("lobby", "by session " + i));
    }

    assertThat(failed).isEmpty();
    assertThat(List.of(nodes.get(0).log(), nodes.get(1).log()))
        .filteredOn(log -> log.contains("auth JWT key: dev mode and none configured: generated a development one "
            + "for the whole cluster")).as("one backend made the key").hasSize(1);
    assertThat(List.of(nodes.get(0).log(), nodes.get(1).log()))
        .filteredOn(log -> log.contains("auth JWT key: dev mode and none configured: using the development one "
            + "another node generated")).as("the other backend uses it").hasSize(1);
    assertThat(nodes.get(2).log()).contains("http cookie secret: dev mode and none configured: generated a "
        + "development one for the whole cluster");
    assertThat(nodes).noneMatch(p -> p.log().contains("generated a throwaway one"));
  }

  @Test
  void aClusteredNodeWithoutSecretsOutsideDevModeExitsWithOneLineNamingTheSettingToAdd() {
    SquallProcess.Result backend = SquallProcess.clusterMember(app.toString(), cluster, "backend",
        "--set", "auth.dev=false").name("backend-no-key").execute(Duration.ofSeconds(90));
    SquallProcess.Result edge = SquallProcess.clusterMember(app.toString(), cluster, "edge",
        "--http-port", "0", "--bridge-port", "0", "--set", "http.dev=false").name("edge-no-secret")
        .execute(Duration.ofSeconds(90));

    assertThat(backend.exitCode()).as(backend.output()).isEqualTo(1);
    assertThat(refusals(backend)).singleElement().asString()
        .startsWith("squall: verticle 'auth' (io.squall.auth.AuthVerticle) failed to start: auth: no JWT key "
            + "configured: set keys, e.g. SQUALL_AUTH_KEYS='[{kid: k1, secretFile: ")
        .contains("every node of a cluster needs the same keys");
    assertThat(edge.exitCode()).as(edge.output()).isEqualTo(1);
    assertThat(refusals(edge)).singleElement().asString()
        .startsWith("squall: verticle 'http' (io.squall.http.HttpVerticle) failed to start: http: no cookie secret "
            + "configured: set cookieSecretFile, e.g. SQUALL_HTTP_COOKIE_SECRET_FILE=")
        .contains("every node of a cluster needs the same secrets");
    assertThat(backend.output() + edge.output()).doesNotContain("\tat ");
  }

  private static List<String> refusals(SquallProcess.Result run) {
    return run.output().lines().filter(line -> line.startsWith("squall: ")).toList();
  }

  private static void record(List<String> failed, String what, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      failed.add(what + ": " + response.statusCode() + " " + response.body());
    }
  }

  /** {@code POST /auth/token}: a token for API clients, issued by whichever backend answers. */
  private static String apiToken(String base) {
    HttpResponse<String> reply = SquallClient.to(base).postJson("/auth/token",
        new JsonObject().put("username", "alice").put("password", "alice-secret"));
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return new JsonObject(reply.body()).getString("token");
  }

  /** A post on the strength of the token alone: no cookie, no XSRF token, as an API client sends it. */
  private static HttpResponse<String> bearerPost(String base, String token, String text) {
    return SquallClient.to(base).bearer(token).postJson("/rooms/lobby/messages", new JsonObject().put("text", text));
  }
}
