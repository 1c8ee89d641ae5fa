package io.squall.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * {@code squall_auth_logins_total{result}} (success, failure, throttled, invalid) and
 * {@code squall_auth_verifications_total{result}} (valid, invalid, expired, revoked) in the node's registry; a
 * private registry when the verticle runs outside a Squall node, so callers never check for null.
 */
final class AuthMetrics {

  private final MeterRegistry registry;

  AuthMetrics(MeterRegistry registry) {
    this.registry = registry != null ? registry : new SimpleMeterRegistry();
  }

  void login(String result) {
    registry.counter("squall.auth.logins", "result", result).increment();
  }

  void verification(String result) {
    registry.counter("squall.auth.verifications", "result", result).increment();
  }
}
