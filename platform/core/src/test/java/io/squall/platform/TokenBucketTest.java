package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rate limit's arithmetic on a clock the test holds: burst, refill, the wait it tells, and when it is full. */
class TokenBucketTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aBurstIsTakenAtOnceThenTokensComeAtTheRate() {
    TokenBucket bucket = new TokenBucket(5, 3, 0);

    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).as("a fifth of a second until the next token").isEqualTo(SECOND / 5);
    assertThat(bucket.take(SECOND / 10)).as("half way there").isEqualTo(SECOND / 10);
    assertThat(bucket.take(SECOND / 5)).isZero();
    assertThat(bucket.take(SECOND / 5)).isEqualTo(SECOND / 5);
  }

  @Test
  void aQuietBucketRefillsToItsBurstAndNoFurther() {
    TokenBucket bucket = new TokenBucket(10, 2, 0);
    bucket.take(0);
    bucket.take(0);

    assertThat(bucket.full(SECOND / 10)).as("one token back of two").isFalse();
    assertThat(bucket.full(SECOND / 5)).isTrue();
    assertThat(bucket.full(60 * SECOND)).isTrue();
    assertThat(bucket.take(60 * SECOND)).isZero();
    assertThat(bucket.take(60 * SECOND)).isZero();
    assertThat(bucket.take(60 * SECOND)).as("a long silence does not save up more than the burst").isPositive();
  }

  @Test
  void aRefusedRequestTakesNothing() {
    TokenBucket bucket = new TokenBucket(1, 1, 0);
    bucket.take(0);
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.take(SECOND / 2)).isEqualTo(SECOND / 2);
    }
    assertThat(bucket.take(SECOND)).isZero();
  }
}
