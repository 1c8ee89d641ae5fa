package io.squall.platform;

import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's requests that went to other nodes, by the node each went to, so that a node leaving the cluster
 * answers them at once instead of leaving them to their timeout. Vert.x sends no failure for a message whose target
 * died (vertx-hazelcast issue 196): its reply handler waits the whole send timeout, 30 s by default.
 *
 * <p>{@link TrackingNodeSelector} says where each tracked request went, and sends nothing to a node that has left.
 * Which node left comes from Hazelcast's member list, read every {@link ClusteredVertx#MEMBERS_POLL_MS} ms
 * ({@link #members}): not from vertx-hazelcast's node listener, which it calls only after cleaning the dead node's
 * registrations out of the cluster (a cluster-wide write that waits for the dead member's partitions: seconds), nor
 * from a Hazelcast membership listener, whose events are delivered one listener after the other on one thread, so
 * ours would wait behind vertx-hazelcast's cleanup. The selector's registration updates say when the target's
 * consumer went away while its node stays (a draining node), where a request that arrives late is dropped unanswered:
 * such a request gets {@link #CONSUMER_GONE_GRACE_MS} to be answered by the consumer it reached, then counts as lost
 * too.
 */
final class InFlightRequests {

  /** How long a request whose consumer unregistered on a live node may still be answered by it. */
  static final long CONSUMER_GONE_GRACE_MS = 1000;
  /** Node ids that left, remembered so that a request whose send races the departure is caught too. */
  private static final int GONE_REMEMBERED = 1024;

  private static final Logger log = LoggerFactory.getLogger(InFlightRequests.class);
  private static final Map<Vertx, InFlightRequests> BY_VERTX = new ConcurrentHashMap<>();
  /** The attempt being sent on this thread: the selector, called within the send, reads it. */
  private static final ThreadLocal<Attempt> SENDING = new ThreadLocal<>();

  /** One send of a request; told at most once that it is lost. */
  interface Attempt {

    String address();

    /** The node it went to left, or its consumer there went away {@code graceMs} ago; any thread. */
    void lost(long graceMs);
  }

  private final Supplier<String> localNodeId;
  private final Map<String, Set<Attempt>> byNode = new ConcurrentHashMap<>();
  private final Map<Attempt, String> nodeOf = new ConcurrentHashMap<>();
  /** Read on every send to another node, so lock-free; {@link #goneOrder} drops the oldest past the bound. */
  private final Set<String> gone = ConcurrentHashMap.newKeySet();
  private final Queue<String> goneOrder = new ConcurrentLinkedQueue<>();
  /** The cluster's nodes at the last look; only {@link #members} touches it. */
  private Set<String> members = Set.of();

  InFlightRequests(Supplier<String> localNodeId) {
    this.localNodeId = localNodeId;
  }

  /** The tracker of a Vert.x built by {@link ClusteredVertx}, or null (standalone, or built some other way). */
  static InFlightRequests of(Vertx vertx) {
    return BY_VERTX.get(vertx);
  }

  void attach(Vertx vertx) {
    BY_VERTX.put(vertx, this);
  }

  void detach(Vertx vertx) {
    BY_VERTX.remove(vertx, this);
  }

  /** Runs {@code send} (an event bus request) so that the selector it calls reports where {@code attempt} went. */
  <T> T send(Attempt attempt, Supplier<T> send) {
    SENDING.set(attempt);
    try {
      return send.get();
    } finally {
      SENDING.remove();
    }
  }

  /** The attempt being sent to {@code address} on this thread, taken (so a nested send is not mistaken for it). */
  static Attempt sending(String address) {
    Attempt attempt = SENDING.get();
    if (attempt == null || !attempt.address().equals(address)) {
      return null;
    }
    SENDING.remove();
    return attempt;
  }

  /** The selector chose {@code nodeId} for {@code attempt}; any thread. */
  void sentTo(Attempt attempt, String nodeId) {
    if (nodeId == null || nodeId.equals(localNodeId.get())) {
      return;   // delivered here: no node can die under it
    }
    nodeOf.put(attempt, nodeId);
    byNode.computeIfAbsent(nodeId, n -> ConcurrentHashMap.newKeySet()).add(attempt);
    // added, then checked: a departure that came between the choice and the add is seen here or sees the attempt
    if (gone.contains(nodeId)) {
      attempt.lost(0);
    }
  }

  /** The attempt is answered (or failed): forget it. */
  void answered(Attempt attempt) {
    String nodeId = nodeOf.remove(attempt);
    if (nodeId != null) {
      Set<Attempt> attempts = byNode.get(nodeId);
      if (attempts != null) {
        attempts.remove(attempt);
      }
    }
  }

  /** Whether {@code nodeId} has left the cluster (and Vert.x may still list its consumers for a while). */
  boolean isGone(String nodeId) {
    return nodeId != null && gone.contains(nodeId);
  }

  /** The cluster's nodes now: those gone since the last look have left, new ones have joined. One thread at a time. */
  void members(Collection<String> now) {
    Set<String> current = new HashSet<>(now);
    if (current.equals(members)) {
      return;
    }
    members.stream().filter(n -> !current.contains(n)).forEach(this::nodeLeft);
    current.stream().filter(n -> !members.contains(n)).forEach(this::nodeJoined);
    members = current;
  }

  /** A node that was cut off by a network split and came back when it healed keeps its Vert.x node id. */
  void nodeJoined(String nodeId) {
    gone.remove(nodeId);
  }

  void nodeLeft(String nodeId) {
    if (gone.add(nodeId)) {
      goneOrder.add(nodeId);
      while (goneOrder.size() > GONE_REMEMBERED) {
        gone.remove(goneOrder.poll());
      }
    }
    Set<Attempt> attempts = byNode.remove(nodeId);
    if (attempts == null || attempts.isEmpty()) {
      return;
    }
    log.warn("node {} left the cluster with {} request(s) of this node in flight to it: each is sent once more to "
        + "another node when safe to repeat, else answered 503 {}", nodeId, attempts.size(), Failures.NODE_LOST);
    attempts.forEach(a -> {
      nodeOf.remove(a);
      a.lost(0);
    });
  }

  /** The consumers of {@code address} are now {@code registrations}: requests to a node no longer among them may be dropped. */
  void consumersChanged(String address, Iterable<RegistrationInfo> registrations) {
    Set<String> nodes = new HashSet<>();
    registrations.forEach(r -> nodes.add(r.nodeId()));
    byNode.forEach((nodeId, attempts) -> {
      if (!nodes.contains(nodeId)) {
        attempts.forEach(a -> {
          if (a.address().equals(address)) {
            a.lost(CONSUMER_GONE_GRACE_MS);
          }
        });
      }
    });
  }
}
