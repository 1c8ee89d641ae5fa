package io.squall.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code squall_bridge_sockets} (open now, all instances of the node), {@code squall_bridge_frames_total{direction}}
 * and {@code squall_bridge_rejects_total{reason}}: every refusal the bridge makes is counted by its reason.
 */
final class BridgeMetrics {

  /** One socket count per registry (node), shared by the bridge instances of that node. */
  private static final Map<MeterRegistry, AtomicLong> SOCKETS = new ConcurrentHashMap<>();

  private final MeterRegistry registry;
  private final AtomicLong sockets;
  private final Counter in;
  private final Counter out;
  private final Counter dropped;

  BridgeMetrics(MeterRegistry registry) {
    this.registry = registry != null ? registry : new SimpleMeterRegistry();
    this.sockets = SOCKETS.computeIfAbsent(this.registry, r -> {
      AtomicLong count = new AtomicLong();
      Gauge.builder("squall.bridge.sockets", count, AtomicLong::get).description("open bridge sockets").register(r);
      return count;
    });
    this.in = this.registry.counter("squall.bridge.frames", "direction", "in");
    this.out = this.registry.counter("squall.bridge.frames", "direction", "out");
    this.dropped = this.registry.counter("squall.bridge.dropped");
  }

  void opened() {
    sockets.incrementAndGet();
  }

  void closed() {
    sockets.decrementAndGet();
  }

  void in() {
    in.increment();
  }

  void out() {
    out.increment();
  }

  void dropped(int count) {
    dropped.increment(count);
  }

  void reject(String reason) {
    registry.counter("squall.bridge.rejects", "reason", reason).increment();
  }

  double rejects(String reason) {
    return registry.counter("squall.bridge.rejects", "reason", reason).count();
  }
}
