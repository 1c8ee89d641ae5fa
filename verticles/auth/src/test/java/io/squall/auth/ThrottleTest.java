package io.squall.auth;

import static io.squall.auth.AuthTesting.credentials;
import static io.squall.auth.AuthTesting.login;
import static io.squall.auth.AuthTesting.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.ExtendedMapEntry;
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
import java.util.concurrent.TimeUnit;
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

  @Test
  void manySuccessfulLoginsOfOneAccountAreNeverDelayed() throws Exception {
    // each login counts against the account as it arrives and takes its attempt back when the password was right
    Vertx vertx = start(AuthTesting.options(dir).setAccountDelayAfter(2).setAccountDelay(50).setMaxAccountDelay(100));
    for (int i = 0; i < 10; i++) {
      assertThat(login(vertx, "alice", "alice-secret", "10.8.0." + i).getString("token")).as("login %d", i).isNotBlank();
    }

    assertThat(limited(vertx, "account")).as("delayed attempts").isZero();
    // the failures that follow start from nothing: two pass at once, the third waits
    wrong(vertx, "alice", "10.8.1.1");
    wrong(vertx, "alice", "10.8.1.2");
    assertThat(limited(vertx, "account")).isZero();
    wrong(vertx, "alice", "10.8.1.3");
    assertThat(limited(vertx, "account")).isEqualTo(1.0);
  }

  @Test
  void retryAfterIsTheWholeSecondsLeftOfALockedWindowRoundedUp() {
    long now = 1_750_000_000_000L;
    Throttle.Window locked = new Throttle.Window(5, now + 60_000);

    assertThat(Throttle.secondsToWait(locked, 5, now)).isEqualTo(60);
    assertThat(Throttle.secondsToWait(locked, 5, now + 1)).as("59.999 s").isEqualTo(60);
    assertThat(Throttle.secondsToWait(locked, 5, now + 999)).as("59.001 s").isEqualTo(60);
    assertThat(Throttle.secondsToWait(locked, 5, now + 1000)).isEqualTo(59);
    assertThat(Throttle.secondsToWait(locked, 5, now + 59_999)).as("1 ms").isEqualTo(1);
    assertThat(Throttle.secondsToWait(locked, 5, now + 60_000)).as("the window's end").isZero();
    assertThat(Throttle.secondsToWait(locked, 5, now + 61_000)).isZero();
    assertThat(Throttle.secondsToWait(locked, 6, now)).as("one failure short").isZero();
    assertThat(Throttle.secondsToWait(locked, 4, now)).isEqualTo(60);
    assertThat(Throttle.secondsToWait(null, 5, now)).isZero();
  }

  @Test
  void aFirstFailureOpensAWindowWhoseEntryOutlivesItByOneSecond() {
    Entry entry = new Entry(null);
    long before = System.currentTimeMillis();

    new Throttle.CountFailure(60_000).process(entry);

    long after = System.currentTimeMillis();
    assertThat(entry.value.failures()).isEqualTo(1);
    assertThat(entry.value.endsAt()).isBetween(before + 60_000, after + 60_000);
    assertThat(entry.ttlMillis).isEqualTo(61_000);
  }

  @Test
  void aFailureInAnOpenWindowCountsWithoutMovingItsEnd() {
    long before = System.currentTimeMillis();
    Entry entry = new Entry(new Throttle.Window(2, before + 30_000));

    new Throttle.CountFailure(60_000).process(entry);

    long after = System.currentTimeMillis();
    assertThat(entry.value).isEqualTo(new Throttle.Window(3, before + 30_000));
    assertThat(entry.ttlMillis).isBetween(30_000 - (after - before) + 1000, 31_000L);
  }

  @Test
  void aFailureAfterAWindowEndedOpensANewOne() {
    long before = System.currentTimeMillis();
    Entry entry = new Entry(new Throttle.Window(9, before - 1));

    new Throttle.CountFailure(60_000).process(entry);

    assertThat(entry.value.failures()).isEqualTo(1);
    assertThat(entry.value.endsAt()).isGreaterThanOrEqualTo(before + 60_000);
    assertThat(entry.ttlMillis).isEqualTo(61_000);
  }

  @Test
  void anAttemptOnAnAccountCountsAndPushesItsWindowBack() {
    long before = System.currentTimeMillis();
    Entry fresh = new Entry(null);
    Entry open = new Entry(new Throttle.Window(7, before + 1000));
    Entry ended = new Entry(new Throttle.Window(7, before - 1));

    assertThat(new Throttle.CountAttempt(900_000).process(fresh)).isZero();
    assertThat(new Throttle.CountAttempt(900_000).process(open)).isEqualTo(7);
    assertThat(new Throttle.CountAttempt(900_000).process(ended)).isZero();

    long after = System.currentTimeMillis();
    assertThat(fresh.value.failures()).isEqualTo(1);
    assertThat(open.value.failures()).isEqualTo(8);
    assertThat(ended.value.failures()).isEqualTo(1);
    for (Entry e : List.of(fresh, open, ended)) {
      assertThat(e.value.endsAt()).isBetween(before + 900_000, after + 900_000);
      assertThat(e.ttlMillis).as("the entry outlives its window by a second").isEqualTo(901_000);
    }
  }

  @Test
  void aTakeBackRemovesOneAttemptKeepsTheEndAndNeverGoesBelowZero() {
    Entry three = new Entry(new Throttle.Window(3, 42_000));
    Entry zero = new Entry(new Throttle.Window(0, 42_000));
    Entry none = new Entry(null);

    for (Entry e : List.of(three, zero, none)) {
      new Throttle.TakeBack().process(e);
    }

    assertThat(three.value).isEqualTo(new Throttle.Window(2, 42_000));
    assertThat(three.ttlMillis).as("expiry unchanged").isNull();
    assertThat(three.writes).isEqualTo(1);
    assertThat(zero.value).isEqualTo(new Throttle.Window(0, 42_000));
    assertThat(zero.writes).isZero();
    assertThat(none.value).isNull();
    assertThat(none.writes).isZero();
  }

  /** A map entry as an entry processor sees it on the key's owner, recording what the processor writes. */
  private static final class Entry implements ExtendedMapEntry<String, Throttle.Window> {
    Throttle.Window value;
    Long ttlMillis;
    int writes;

    Entry(Throttle.Window value) {
      this.value = value;
    }

    @Override
    public String getKey() {
      return "account:alice";
    }

    @Override
    public Throttle.Window getValue() {
      return value;
    }

    @Override
    public Throttle.Window setValue(Throttle.Window value) {
      throw new AssertionError("the processors set an expiry, or keep it explicitly");
    }

    @Override
    public Throttle.Window setValue(Throttle.Window value, long ttl, TimeUnit unit) {
      Throttle.Window old = this.value;
      this.value = value;
      this.ttlMillis = unit.toMillis(ttl);
      writes++;
      return old;
    }

    @Override
    public Throttle.Window setValueWithoutChangingExpiryTime(Throttle.Window value) {
      Throttle.Window old = this.value;
      this.value = value;
      writes++;
      return old;
    }
  }
}
