package io.squall.auth;

import static io.squall.auth.AuthTesting.credentials;
import static io.squall.auth.AuthTesting.login;
import static io.squall.auth.AuthTesting.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.platform.Node;
import io.squall.platform.NodeMetrics;
import io.squall.testing.SquallNodes;
import io.squall.testing.SquallProcess;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Failed logins per user name and per client address: 429 with a wait, the same for unknown users, and reset. */
class ThrottleTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  private Vertx start(int maxFailures, int windowSeconds) throws Exception {
    AuthOptions options = AuthTesting.options(dir).setMaxFailures(maxFailures).setFailureWindow(windowSeconds);
    Path descriptor = Files.writeString(dir.resolve("app.yaml"), "name: throttle\nverticles:\n"
        + "  - name: auth\n    class: io.squall.auth.AuthVerticle\n    config: " + options.toJson().encode() + "\n");
    Node node = nodes.start(SquallNodes.options(descriptor.toString()));
    return node.vertx();
  }

  private static ReplyException wrong(Vertx vertx, String username, String ip) {
    return refused(vertx, Addresses.AUTH_LOGIN, credentials(username, "not-the-password", ip));
  }

  @Test
  void failuresForOneUserReach429WithRetryAfterEvenForTheRightPasswordThenReset() throws Exception {
    Vertx vertx = start(3, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(wrong(vertx, "alice", "10.1.0." + i).failureCode()).isEqualTo(401);
    }

    ReplyException throttled = refused(vertx, Addresses.AUTH_LOGIN, credentials("alice", "alice-secret", "10.1.1.1"));

    assertThat(throttled.failureCode()).isEqualTo(429);
    assertThat(Failures.retryAfter(throttled)).isBetween(1L, 3L);
    assertThat(throttled.getMessage()).startsWith("too many failed logins; retry after");
    // other users are not affected
    assertThat(login(vertx, "root", "root-secret-1", "10.1.1.2").getString("token")).isNotBlank();
    // and the window ends
    SquallProcess.awaitCondition("alice may log in again", Duration.ofSeconds(15), () -> {
      try {
        return login(vertx, "alice", "alice-secret", "10.1.1.3").getString("token") != null;
      } catch (RuntimeException e) {
        return false;
      }
    });
    MeterRegistry metrics = NodeMetrics.registry(vertx);
    assertThat(metrics.counter("squall.auth.logins", "result", "failure").count()).isEqualTo(3.0);
    assertThat(metrics.counter("squall.auth.logins", "result", "throttled").count()).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void anUnknownUserIsThrottledExactlyLikeAKnownOne() throws Exception {
    Vertx vertx = start(3, 60);
    for (int i = 0; i < 3; i++) {
      assertThat(wrong(vertx, "alice", "10.2.0." + i).failureCode()).isEqualTo(401);
      assertThat(wrong(vertx, "nobody", "10.2.1." + i).failureCode()).isEqualTo(401);
    }

    ReplyException known = wrong(vertx, "alice", "10.2.2.1");
    ReplyException unknown = wrong(vertx, "nobody", "10.2.2.2");

    assertThat(known.failureCode()).isEqualTo(429).isEqualTo(unknown.failureCode());
    assertThat(known.getMessage().replaceAll("\\d+ s$", "")).isEqualTo(unknown.getMessage().replaceAll("\\d+ s$", ""));
  }

  @Test
  void oneAddressTryingManyUsersIsThrottledWhileOthersAreNot() throws Exception {
    Vertx vertx = start(3, 60);
    for (int i = 0; i < 3; i++) {
      wrong(vertx, "guess" + i, "10.3.0.1");
    }

    assertThat(wrong(vertx, "guess9", "10.3.0.1").failureCode()).isEqualTo(429);
    assertThat(refused(vertx, Addresses.AUTH_LOGIN, credentials("alice", "alice-secret", "10.3.0.1")).failureCode())
        .isEqualTo(429);
    assertThat(login(vertx, "alice", "alice-secret", "10.3.0.2").getString("token")).isNotBlank();
  }
}
