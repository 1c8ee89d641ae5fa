package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app on 3 JVMs (every role on each) behind haproxy, under a client that posts and reads continuously
 * on its session cookie, and three browsers on the room's channel through the bridge (haproxy spreads them over
 * the nodes). (a) Every node is restarted in turn with SIGTERM: no HTTP request fails, no acknowledged message is
 * lost, the session lives on. (b) A node is SIGKILLed: no acknowledged message is lost and the browsers that were
 * on it are back, with everything, within 5 s.
 */
class RollingRestartIT {

  private static final String ROOM = "lobby";
  /** Above haproxy's time to take a node out here (two failed checks 300 ms apart), so nothing is refused. */
  private static final String DRAIN_DELAY = "2";

  @TempDir
  Path dir;

  private ChatBehindHaproxy chat;
  private ChatLoad load;
  private final List<ResumingSubscriber> browsers = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    if (load != null) {
      load.close();
    }
    for (ResumingSubscriber b : browsers) {
      b.close();
    }
    if (chat != null) {
      chat.close();
    }
  }

  private void startUnderLoad() throws Exception {
    chat = new ChatBehindHaproxy(dir).node("n1", "edge,backend").node("n2", "edge,backend")
        .node("n3", "edge,backend").args("--drain-delay", DRAIN_DELAY).start();
    ChatClient user = ChatClient.login(chat.httpBase());
    URI bus = URI.create("ws://127.0.0.1:" + chat.bridgeFront() + "/eventbus/websocket?token=" + user.token());
    for (int i = 0; i < chat.size(); i++) {
      browsers.add(new ResumingSubscriber(bus, "channel.room." + ROOM));
    }
    load = new ChatLoad(user, ROOM);
    awaitCondition("load flows and every browser hears it", Duration.ofSeconds(30),
        () -> load.acked().size() >= 20 && browsers.stream().allMatch(b -> b.seqs().size() >= 10));
  }

  @Test
  void everyNodeRestartedInTurnFailsNoRequestLosesNoMessageAndKeepsTheSession() throws Exception {
    startUnderLoad();
    List<Long> restartMs = new ArrayList<>();
    for (int i = 0; i < chat.size(); i++) {
      long pid = chat.node(i).pid();
      restartMs.add(chat.restart(i));
      assertThat(chat.node(i).pid()).isNotEqualTo(pid);
      int ackedNow = load.acked().size();
      awaitCondition("load flows after restarting node " + (i + 1), Duration.ofSeconds(20),
          () -> load.acked().size() >= ackedNow + 20);
    }
    List<Long> acked = load.stop();

    System.out.printf("rolling restart: %d posts acknowledged and %d history reads while each node was restarted "
        + "(%s ms each, SIGTERM to ready); %d failed requests; slowest request: %s; browser connections: %s%n",
        acked.size(), load.reads(), restartMs, load.failures().size(), load.slowest(),
        browsers.stream().map(ResumingSubscriber::connections).toList());
    assertThat(load.slowest().millis()).as("the slowest request, not only the failure count").isLessThan(2000);
    assertThat(load.failures()).as("failed HTTP requests (the session is used for every post)").isEmpty();
    assertThat(load.client().allSeqs(ROOM)).as("every acknowledged message is in the history").containsAll(acked);
    assertEveryBrowserHasExactlyOnceInOrder(acked, Duration.ofSeconds(10));
    assertThat(connections()).as("the browsers were moved off each draining node and reconnected")
        .isGreaterThanOrEqualTo(3 + 3);
    assertThat(load.client().token()).as("the session made before the restarts still signs in").isNotBlank();
  }

  @Test
  void aNodeKilledUnderLoadLosesNoAcknowledgedMessageAndItsBrowsersCatchUpWithinFiveSeconds() throws Exception {
    startUnderLoad();
    int connectionsBefore = connections();
    List<Long> beforeKill = load.acked();
    chat.sigkill(0);
    long killed = System.nanoTime();
    awaitCondition("the browser on the killed node is back", Duration.ofSeconds(5),
        () -> connections() > connectionsBefore);
    awaitBrowsersHave(beforeKill, "what was acknowledged before the kill", Duration.ofSeconds(5).minusNanos(
        System.nanoTime() - killed));
    long caughtUpMs = (System.nanoTime() - killed) / 1_000_000;
    int ackedAfterKill = load.acked().size();
    awaitCondition("load flows again", Duration.ofSeconds(30), () -> load.acked().size() >= ackedAfterKill + 20);
    long firstNew = load.acked().get(ackedAfterKill);
    awaitCondition("every browser hears the posts after the kill", Duration.ofSeconds(15),
        () -> browsers.stream().allMatch(b -> b.seqs().contains(firstNew)));
    long liveAgainMs = (System.nanoTime() - killed) / 1_000_000;
    List<Long> acked = load.stop();

    System.out.printf("node kill: %d posts acknowledged, %d failed (in flight on the killed node, or waiting for "
        + "Hazelcast to drop it); the browser on it was back with everything acknowledged before the kill %d ms "
        + "after it, and every browser heard new posts %d ms after it; slowest request: %s; browser connections: %s%n",
        acked.size(), load.failures().size(), caughtUpMs, liveAgainMs, load.slowest(),
        browsers.stream().map(ResumingSubscriber::connections).toList());
    assertThat(load.slowest().millis()).as("the slowest request, not only the failure count").isLessThan(2000);
    assertThat(load.client().allSeqs(ROOM)).as("every acknowledged message is in the history").containsAll(acked);
    assertEveryBrowserHasExactlyOnceInOrder(acked, Duration.ofSeconds(15));
  }

  private int connections() {
    return browsers.stream().mapToInt(ResumingSubscriber::connections).sum();
  }

  private void assertEveryBrowserHasExactlyOnceInOrder(List<Long> acked, Duration within) {
    awaitBrowsersHave(acked, "every acknowledged message", within);
    for (ResumingSubscriber b : browsers) {
      List<Long> seqs = b.seqs();
      assertThat(seqs).as("once each, in order").isSorted().doesNotHaveDuplicates();
      assertThat(b.errors()).as("error frames").isEmpty();
    }
  }

  /** Waits until every browser has {@code seqs}; on time-out, says which browser lacks which. */
  private void awaitBrowsersHave(List<Long> seqs, String what, Duration within) {
    try {
      awaitCondition("every browser has " + what, within,
          () -> browsers.stream().allMatch(b -> b.seqs().containsAll(seqs)));
    } catch (AssertionError timedOut) {
      for (ResumingSubscriber b : browsers) {
        assertThat(b.seqs()).as("%s within %s: a browser with %d connection(s) and error frames %s", what, within,
            b.connections(), b.errors()).containsAll(seqs);
      }
      throw timedOut;
    }
  }
}
