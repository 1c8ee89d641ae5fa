package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void recipientFailureCodesAreHttpStatuses() {
    assertThat(Failures.httpStatus(Failures.of(429, "slow down"))).isEqualTo(429);
    assertThat(Failures.safeMessage(Failures.of(429, "slow down"))).isEqualTo("slow down");
  }

  @Test
  void throttledFailuresCarryTheirRetryAfter() {
    ReplyException throttled = Failures.throttled("too many failed logins", 42);

    assertThat(Failures.httpStatus(throttled)).isEqualTo(429);
    assertThat(Failures.retryAfter(throttled)).isEqualTo(42);
    assertThat(Failures.safeMessage(throttled)).isEqualTo("too many failed logins; retry after 42 s");
    assertThat(Failures.retryAfter(Failures.of(429, "slow down"))).isEqualTo(-1);
    assertThat(Failures.retryAfter(Failures.of(400, "bad; retry after 42 s"))).isEqualTo(-1);
  }

  @Test
  void timeoutsAre504AndMissingHandlers503() {
    assertThat(Failures.httpStatus(new ReplyException(ReplyFailure.TIMEOUT, "t"))).isEqualTo(504);
    assertThat(Failures.httpStatus(new ReplyException(ReplyFailure.NO_HANDLERS, "n"))).isEqualTo(503);
  }

  @Test
  void internalFailuresDoNotLeakTheirMessage() {
    assertThat(Failures.httpStatus(new IllegalStateException("db password wrong"))).isEqualTo(500);
    assertThat(Failures.safeMessage(new IllegalStateException("db password wrong"))).isEqualTo("internal error");
    assertThat(Failures.safeMessage(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 7, "raw"))).isEqualTo(
        "internal error");
  }

  @Test
  void refusesCodesThatAreNotErrorStatuses() {
    assertThatThrownBy(() -> Failures.of(200, "ok")).isInstanceOf(IllegalArgumentException.class);
  }
}
