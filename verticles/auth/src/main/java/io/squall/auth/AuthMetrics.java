package io.squall.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * {@code squall_auth_logins_total{result}} (success, failure, throttled, invalid),
 * {@code squall_auth_login_limits_total{limit}} (account_address, address: a 429; account: a delayed attempt) and
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

  /** Which limit held an attempt back, so an operator can tell a NAT's locked address from a guessed account. */
  void limit(String limit) {
    registry.counter("squall.auth.login.limits", "limit", limit).increment();
  }

  void verification(String result) {
    registry.counter("squall.auth.verifications", "result", result).increment();
  }
}
