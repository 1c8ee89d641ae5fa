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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed logins limited per account and address (429 for the pair), per address (429 for the address) and per
 * account (a delay, never a lock), the same for unknown users; nobody's failures lock out anybody else.
 */
class ThrottleTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  private Vertx start(AuthOptions options) throws Exception {
    Path descriptor = Files.writeString(dir.resolve("app.yaml"), "name: throttle\nverticles:\n"
        + "  - name: auth\n    class: io.squall.auth.AuthVerticle\n    config: " + options.toJson().encode() + "\n");
    Node node = nodes.start(SquallNodes.options(descriptor.toString()));
    return node.vertx();
  }

  private static ReplyException wrong(Vertx vertx, String username, String ip) {
    return refused(vertx, Addresses.AUTH_LOGIN, credentials(username, "not-the-password", ip));
  }

  private static double limited(Vertx vertx, String limit) {
    return NodeMetrics.registry(vertx).counter("squall.auth.login.limits", "limit", limit).count();
  }

  @Test
  void aliceLogsInFromTheSameAddressRightAfterBobsFiveFailuresThere() throws Exception {
    Vertx vertx = start(AuthTesting.options(dir));
    for (int i = 0; i < 5; i++) {
      assertThat(wrong(vertx, "bob", "10.4.0.1").failureCode()).isEqualTo(401);
    }
    assertThat(wrong(vertx, "bob", "10.4.0.1").failureCode()).as("bob from there is locked").isEqualTo(429);

    JsonObject alice = login(vertx, "alice", "alice-secret", "10.4.0.1");

    assertThat(alice.getString("token")).isNotBlank();
    assertThat(alice.getJsonObject("user").getString("id")).isEqualTo("alice");
  }

  @Test
  void failuresOnOneAccountFromOneAddressLockThatPairOnlyEvenForTheRightPasswordUntilTheWindowEnds() throws Exception {
    Vertx vertx = start(AuthTesting.options(dir).setMaxFailures(3).setFailureWindow(3));
    for (int i = 0; i < 3; i++) {
      assertThat(wrong(vertx, "alice", "10.1.0.1").failureCode()).isEqualTo(401);
    }

    ReplyException throttled = refused(vertx, Addresses.AUTH_LOGIN, credentials("alice", "alice-secret", "10.1.0.1"));

    assertThat(throttled.failureCode()).isEqualTo(429);
    assertThat(Failures.retryAfter(throttled)).isBetween(1L, 3L);
    assertThat(throttled.getMessage()).startsWith("too many failed logins; retry after");
    // the account from elsewhere and other accounts from this address are not locked
    assertThat(login(vertx, "alice", "alice-secret", "10.1.0.2").getString("token")).isNotBlank();
    assertThat(login(vertx, "root", "root-secret-1", "10.1.0.1").getString("token")).isNotBlank();
    // and the window ends
    SquallProcess.awaitCondition("alice may log in from there again", Duration.ofSeconds(15), () -> {
      try {
        return login(vertx, "alice", "alice-secret", "10.1.0.1").getString("token") != null;
      } catch (RuntimeException e) {
        return false;
      }
    });
    MeterRegistry metrics = NodeMetrics.registry(vertx);
    assertThat(metrics.counter("squall.auth.logins", "result", "failure").count()).isEqualTo(3.0);
    assertThat(metrics.counter("squall.auth.logins", "result", "throttled").count()).isGreaterThanOrEqualTo(1.0);
    assertThat(limited(vertx, "account_address")).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void fiveHundredFailuresFromOneAddressAcrossManyNamesThrottleThatAddressAndNoOther() throws Exception {
    Vertx vertx = start(AuthTesting.options(dir));
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      codes.add(wrong(vertx, "name" + i, "10.3.0.1").failureCode());
    }

    assertThat(codes.subList(0, AuthOptions.DEFAULT_MAX_ADDRESS_FAILURES)).containsOnly(401);
    assertThat(codes.subList(AuthOptions.DEFAULT_MAX_ADDRESS_FAILURES, 500)).containsOnly(429);
    assertThat(refused(vertx, Addresses.AUTH_LOGIN, credentials("alice", "alice-secret", "10.3.0.1")).failureCode())
        .isEqualTo(429);
    assertThat(login(vertx, "alice", "alice-secret", "10.3.0.2").getString("token")).isNotBlank();
    assertThat(limited(vertx, "address")).isEqualTo(401.0);
  }

  @Test
  void fiftyGuessesAtOneAccountFromFiftyAddressesAreSlowedYetTheOwnerStillLogsIn() throws Exception {
    // test-sized: past 10 failures each attempt waits 50 ms, then 100 ms (the cap)
    Vertx vertx = start(AuthTesting.options(dir).setAccountDelayAfter(10).setAccountDelay(50).setMaxAccountDelay(100));
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long start = System.nanoTime();
      assertThat(wrong(vertx, "alice", "10.5.0." + i).failureCode()).as("guess %d", i).isEqualTo(401);
      millis.add((System.nanoTime() - start) / 1_000_000);
    }

    assertThat(millis.get(10)).as("the 11th guess").isGreaterThanOrEqualTo(50L);
    assertThat(millis.subList(11, 50)).as("guesses 12 to 50")
        .allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(100L));
    assertThat(limited(vertx, "account")).as("delayed attempts").isEqualTo(40.0);
    long start = System.nanoTime();
    assertThat(login(vertx, "alice", "alice-secret", "10.5.1.1").getString("token")).isNotBlank();
    assertThat((System.nanoTime() - start) / 1_000_000).as("the owner waits too, but gets in")
        .isGreaterThanOrEqualTo(100L);
  }

  @Test
  void aBurstOfParallelGuessesAtOneAccountIsSlowedToo() throws Exception {
    Vertx vertx = start(AuthTesting.options(dir).setAccountDelayAfter(10).setAccountDelay(50).setMaxAccountDelay(100));
    List<Future<Object>> guesses = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      JsonObject guess = credentials("alice", "not-the-password", "10.7.0." + i);
      guesses.add(vertx.eventBus().request(Addresses.AUTH_LOGIN, guess)
          .transform(reply -> Future.succeededFuture(reply.failed() ? reply.cause() : reply.result())));
    }

    List<Object> replies = AuthTesting.await(Future.all(guesses)).list();

    assertThat(replies).allSatisfy(r -> assertThat(((ReplyException) r).failureCode()).isEqualTo(401));
    // every attempt counts as it arrives, so the 20 past the threshold waited, failed yet or not
    assertThat(limited(vertx, "account")).isEqualTo(20.0);
  }

  @Test
  void aSuccessfulLoginForgivesItsPairButNotItsAddress() throws Exception {
    Vertx vertx = start(AuthTesting.options(dir).setMaxFailures(3).setMaxAddressFailures(5));
    wrong(vertx, "alice", "10.6.0.1");
    wrong(vertx, "alice", "10.6.0.1");
    assertThat(login(vertx, "alice", "alice-secret", "10.6.0.1").getString("token")).isNotBlank();

    // two more would have been the pair's third and fourth
    assertThat(wrong(vertx, "alice", "10.6.0.1").failureCode()).isEqualTo(401);
    assertThat(wrong(vertx, "alice", "10.6.0.1").failureCode()).isEqualTo(401);
    // the address's fifth failure locks it, the success in between notwithstanding
    assertThat(wrong(vertx, "root", "10.6.0.1").failureCode()).isEqualTo(401);
    assertThat(refused(vertx, Addresses.AUTH_LOGIN, credentials("alice", "alice-secret", "10.6.0.1")).failureCode())
        .isEqualTo(429);
  }

  @Test
  void anUnknownUserIsThrottledExactlyLikeAKnownOne() throws Exception {
    Vertx vertx = start(AuthTesting.options(dir).setMaxFailures(3));
    for (int i = 0; i < 3; i++) {
      assertThat(wrong(vertx, "alice", "10.2.0.1").failureCode()).isEqualTo(401);
      assertThat(wrong(vertx, "nobody", "10.2.0.2").failureCode()).isEqualTo(401);
    }

    ReplyException known = wrong(vertx, "alice", "10.2.0.1");
    ReplyException unknown = wrong(vertx, "nobody", "10.2.0.2");

    assertThat(known.failureCode()).isEqualTo(429).isEqualTo(unknown.failureCode());
    assertThat(known.getMessage().replaceAll("\\d+ s$", "")).isEqualTo(unknown.getMessage().replaceAll("\\d+ s$", ""));
  }

  @Test
  void theAccountDelayStartsPastItsThresholdThenDoublesUpToItsCap() {
    AuthOptions defaults = new AuthOptions();

    assertThat(Throttle.delay(9, defaults)).isZero();
    assertThat(Throttle.delay(10, defaults)).isEqualTo(1000);
    assertThat(Throttle.delay(11, defaults)).isEqualTo(2000);
    assertThat(Throttle.delay(13, defaults)).isEqualTo(8000);
    assertThat(Throttle.delay(14, defaults)).isEqualTo(10_000);
    assertThat(Throttle.delay(Integer.MAX_VALUE, defaults)).isEqualTo(10_000);
  }
}
