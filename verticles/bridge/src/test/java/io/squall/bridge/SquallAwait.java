package io.squall.bridge;

import io.squall.testing.SquallProcess;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on conditions (never sleeping a fixed time) and catching expected failures. */
final class SquallAwait {

  private SquallAwait() {
  }

  static void until(String what, BooleanSupplier condition) {
    SquallProcess.awaitCondition(what, Duration.ofSeconds(10), condition);
  }

  /** The message of what {@code action} threw (it must throw). */
  static String failure(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return String.valueOf(e.getMessage()) + " " + e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
