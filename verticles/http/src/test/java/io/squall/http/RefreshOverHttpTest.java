package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.auth.AuthOptions;
import io.squall.auth.AuthVerticle;
import io.squall.auth.JwtKeyOptions;
import io.squall.auth.Passwords;
import io.squall.testing.SquallClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's refresh race over real sockets: twenty {@code POST /auth/token/refresh} at once with one token give
 * exactly one new token (up to six did before a refresh claimed the token's id first).
 */
class RefreshOverHttpTest {

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void twentyConcurrentRefreshesOfOneTokenGiveExactlyOneNewToken() throws Exception {
    int port = HttpServers.deploy(vertx, new HttpOptions());
    Path users = Files.writeString(dir.resolve("users.yaml"), "users:\n  - {username: alice, password: \""
        + new Passwords(10_000).hash("alice-secret") + "\", roles: [user]}\n");
    Path jwt = Files.writeString(dir.resolve("jwt"), "0123456789abcdef0123456789abcdef-for-tests");
    AuthOptions auth = new AuthOptions().setUsersFile(users.toString()).setPasswordIterations(10_000)
        .addKey(new JwtKeyOptions().setKid("k1").setSecretFile(jwt.toString()));
    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(auth.toJson()))
        .toCompletionStage().toCompletableFuture().get();
    SquallClient client = SquallClient.to(port);
    HttpResponse<String> login = client.postJson("/auth/token",
        new JsonObject().put("username", "alice").put("password", "alice-secret"));
    assertThat(login.statusCode()).isEqualTo(200);
    String token = new JsonObject(login.body()).getString("token");

    // twenty connections open first, so that the refreshes arrive together rather than one per new connection
    burst(client, "/not-a-route", null);
    List<Integer> statuses = burst(client, "/auth/token/refresh", token);

    assertThat(statuses).as("one new token, nineteen refusals").filteredOn(s -> s == 200).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 401).hasSize(19);
  }

  /** Twenty POSTs to {@code path} at once (with the bearer token, if any); their statuses. */
  private static List<Integer> burst(SquallClient client, String path, String token) {
    List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, 20).mapToObj(i -> {
      HttpRequest.Builder request = client.request(path).POST(HttpRequest.BodyPublishers.noBody());
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return client.http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }).toList();
    return sent.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
  }
}
