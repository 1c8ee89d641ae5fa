package io.squall.platform;

import io.vertx.core.Completable;
import io.vertx.core.eventbus.impl.clustered.DefaultNodeSelector;
import io.vertx.core.eventbus.impl.clustered.NodeSelector;
import io.vertx.core.spi.cluster.ClusteredNode;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Vert.x's own node selection (round robin over an address's nodes), past nodes that have left, reporting which node
 * each tracked request went to and when an address's consumers change. Vert.x 5 offers no public hook that tells a sender where its message
 * went; the selector is the one place that knows, and Vert.x's bootstrap takes one (internal API, see
 * {@link ClusteredVertx}).
 */
final class TrackingNodeSelector implements NodeSelector {

  /** Round robin reaches every candidate within this many picks (more nodes per address than this are unlikely). */
  private static final int MAX_SKIPS = 16;

  private final NodeSelector delegate = new DefaultNodeSelector();
  private final InFlightRequests inFlight;

  TrackingNodeSelector(InFlightRequests inFlight) {
    this.inFlight = inFlight;
  }

  @Override
  public void init(ClusteredNode clusterManager) {
    delegate.init(clusterManager);
  }

  @Override
  public void eventBusStarted() {
    delegate.eventBusStarted();
  }

  @Override
  public void selectForSend(String address, Completable<String> promise) {
    InFlightRequests.Attempt attempt = InFlightRequests.sending(address);
    selectLive(address, MAX_SKIPS, (nodeId, failure) -> {
      if (failure == null && attempt != null) {
        inFlight.sentTo(attempt, nodeId);
      }
      promise.complete(nodeId, failure);
    });
  }

  /**
   * Vert.x's choice, skipping nodes that have left: vertx-hazelcast drops a dead node's consumers only after a
   * cluster-wide cleanup that can take seconds, and until then round robin would still pick it. With every candidate
   * gone, null: the event bus then delivers locally, which fails with no handlers (503) when there is no local one.
   */
  private void selectLive(String address, int skipsLeft, Completable<String> promise) {
    delegate.selectForSend(address, (nodeId, failure) -> {
      if (failure != null || !inFlight.isGone(nodeId)) {
        promise.complete(nodeId, failure);
      } else if (skipsLeft > 0) {
        selectLive(address, skipsLeft - 1, promise);
      } else {
        promise.succeed(null);
      }
    });
  }

  @Override
  public void selectForPublish(String address, Completable<Iterable<String>> promise) {
    delegate.selectForPublish(address, (nodeIds, failure) -> {
      if (failure != null || nodeIds == null) {
        promise.complete(nodeIds, failure);
        return;
      }
      List<String> live = new ArrayList<>();
      nodeIds.forEach(n -> {
        if (!inFlight.isGone(n)) {
          live.add(n);
        }
      });
      promise.succeed(live);
    });
  }

  @Override
  public void registrationsUpdated(RegistrationUpdateEvent event) {
    delegate.registrationsUpdated(event);
    inFlight.consumersChanged(event.address(), event.registrations());
  }

  @Override
  public void registrationsLost() {
    delegate.registrationsLost();
  }

  @Override
  public boolean wantsUpdatesFor(String address) {
    return delegate.wantsUpdatesFor(address);
  }
}
