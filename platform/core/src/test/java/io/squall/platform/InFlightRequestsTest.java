package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.spi.cluster.RegistrationInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which in-flight requests a departure, a late send or a consumer going away marks as lost. */
class InFlightRequestsTest {

  private final InFlightRequests inFlight = new InFlightRequests(() -> "me");

  /** An attempt that records each call to {@code lost} as its grace. */
  private static final class Recorded implements InFlightRequests.Attempt {
    private final String address;
    private final List<Long> lost = new ArrayList<>();

    Recorded(String address) {
      this.address = address;
    }

    @Override
    public String address() {
      return address;
    }

    @Override
    public void lost(long graceMs) {
      lost.add(graceMs);
    }
  }

  @Test
  void aNodeLeavingLosesTheRequestsSentToItAndNoOthers() {
    Recorded toA = new Recorded("svc");
    Recorded toB = new Recorded("svc");
    inFlight.sentTo(toA, "a");
    inFlight.sentTo(toB, "b");

    inFlight.nodeLeft("a");

    assertThat(toA.lost).containsExactly(0L);
    assertThat(toB.lost).isEmpty();
    assertThat(inFlight.isGone("a")).isTrue();
  }

  @Test
  void anAnsweredRequestIsNotLostWhenItsNodeLeavesLater() {
    Recorded answered = new Recorded("svc");
    inFlight.sentTo(answered, "a");
    inFlight.answered(answered);

    inFlight.nodeLeft("a");

    assertThat(answered.lost).isEmpty();
  }

  @Test
  void aRequestSentToANodeThatHasAlreadyLeftIsLostAtOnce() {
    inFlight.nodeLeft("a");
    Recorded late = new Recorded("svc");

    inFlight.sentTo(late, "a");

    assertThat(late.lost).containsExactly(0L);
  }

  @Test
  void aRequestDeliveredOnThisNodeIsNotTracked() {
    Recorded local = new Recorded("svc");
    inFlight.sentTo(local, "me");
    inFlight.sentTo(new Recorded("svc"), null);

    inFlight.nodeLeft("me");

    assertThat(local.lost).isEmpty();
  }

  @Test
  void aConsumerGoingAwayOnALiveNodeLosesItsAddressesRequestsThereAfterAGrace() {
    Recorded sameAddress = new Recorded("svc");
    Recorded otherAddress = new Recorded("other");
    Recorded stillServed = new Recorded("svc");
    inFlight.sentTo(sameAddress, "a");
    inFlight.sentTo(otherAddress, "a");
    inFlight.sentTo(stillServed, "b");

    inFlight.consumersChanged("svc", List.of(new RegistrationInfo("b", 1, false)));

    assertThat(sameAddress.lost).containsExactly(InFlightRequests.CONSUMER_GONE_GRACE_MS);
    assertThat(otherAddress.lost).isEmpty();
    assertThat(stillServed.lost).isEmpty();
  }

  @Test
  void aNodeMissingFromTheMemberListHasLeftAndOneBackFromANetworkSplitIsNoLongerGone() {
    Recorded toA = new Recorded("svc");
    inFlight.members(List.of("me", "a", "b"));
    inFlight.sentTo(toA, "a");

    inFlight.members(List.of("me", "b"));
    assertThat(toA.lost).containsExactly(0L);
    assertThat(inFlight.isGone("a")).isTrue();

    inFlight.members(List.of("me", "a", "b"));
    assertThat(inFlight.isGone("a")).isFalse();
  }
}
