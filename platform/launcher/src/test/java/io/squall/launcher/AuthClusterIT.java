package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.auth.Passwords;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth verticle across real JVMs: a token from node A is verified, revoked and expires on node B. */
class AuthClusterIT {

  private static final String APP = "src/test/resources/descriptors/good/auth-cluster-app.yaml";
  private final List<SquallProcess> processes = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, String cluster, Path users) {
    SquallProcess p = SquallProcess.clusterMember(APP, cluster, "http,auth,echo", "--http-port", "0",
            "--set", "auth.usersFile=" + users)
        .env("AUTH_IT_JWT_SECRET", "integration-test-jwt-secret-0123456789abcdef").withTestVerticles().name(name).start();
    processes.add(p);
    return p;
  }

  private static String token(int port) {
    HttpResponse<String> reply = SquallClient.to(port).postJson("/auth/token",
        new JsonObject().put("username", "alice").put("password", "alice-secret"));
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return new JsonObject(reply.body()).getString("token");
  }

  private static int me(int port, String token) {
    return SquallClient.to(port).bearer(token).get("/me").statusCode();
  }

  @Test
  void aTokenIssuedOnOneNodeIsVerifiedRevokedAndExpiredOnAnother() throws Exception {
    Path users = Files.writeString(dir.resolve("users.yaml"), "users:\n  - {username: alice, password: \""
        + new Passwords(10_000).hash("alice-secret") + "\", roles: [user]}\n");
    String cluster = "squall-auth-it-" + UUID.randomUUID();
    SquallProcess a = node("a", cluster, users);
    SquallProcess b = node("b", cluster, users);
    int portA = a.awaitReady().port("http");
    int portB = b.awaitReady().port("http");
    awaitCondition("two members", Duration.ofSeconds(30), () -> b.info().getInteger("members") == 2);

    String revokedLater = token(portA);
    String expiresLater = token(portA);
    HttpResponse<String> onB = SquallClient.to(portB).bearer(expiresLater).get("/me");
    assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
    assertThat(new JsonObject(onB.body()).getString("user")).isEqualTo("alice");
    assertThat(me(portB, revokedLater)).isEqualTo(200);

    SquallClient revoker = SquallClient.to(portA).bearer(revokedLater);
    assertThat(revoker.send(revoker.request("/auth/token").DELETE()).statusCode()).isEqualTo(204);
    awaitCondition("node B refuses the token revoked on node A", Duration.ofSeconds(5), () -> me(portB, revokedLater) == 401);
    assertThat(me(portB, expiresLater)).as("another token of the same user is not affected").isEqualTo(200);

    awaitCondition("node B refuses the token once it expires", Duration.ofSeconds(30), () -> me(portB, expiresLater) == 401);
    assertThat(b.log()).doesNotContain("alice-secret");
    assertThat(a.log()).doesNotContain("alice-secret");
  }
}
