package io.squall.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The node's Micrometer registry, the one its management server's {@code /metrics} scrapes, for verticles that
 * record meters of their own (the http verticle's per-request metrics).
 */
public final class NodeMetrics {

  static final String LOCAL_MAP = "squall.node";
  static final String REGISTRY_KEY = "metricsRegistry";

  private NodeMetrics() {
  }

  /** @return the registry of the node running on {@code vertx}, or null outside a Squall node */
  public static MeterRegistry registry(Vertx vertx) {
    Object name = vertx.sharedData().getLocalMap(LOCAL_MAP).get(REGISTRY_KEY);
    return name == null ? null : BackendRegistries.getNow(name.toString());
  }

  static void publish(Vertx vertx, String registryName) {
    vertx.sharedData().getLocalMap(LOCAL_MAP).put(REGISTRY_KEY, registryName);
  }
}
