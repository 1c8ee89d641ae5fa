package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests through {@link Requests} to a node that dies (or whose consumer goes away) while they wait: answered as
 * soon as the sender's node sees the loss, not at their 30 s timeout. Three in-JVM members: 0 sends, 1 takes the
 * request and never answers, 2 answers. (In one JVM a killed member is noticed by heartbeat, in about 3 s; a killed
 * process is noticed when its connections close, under a second: the multi-process tests time that.)
 */
class RequestsNodeLossTest {

  private static final DeliveryOptions THIRTY_SECONDS = new DeliveryOptions().setSendTimeout(30_000);
  /** From the moment the sender's cluster manager no longer lists the member to the answer. */
  private static final Duration PROMPTLY = Duration.ofSeconds(1);

  private final InJvmCluster cluster = InJvmCluster.start(3);
  private final CompletableFuture<Void> swallowed = new CompletableFuture<>();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void aRetryableRequestWhoseNodeDiesIsAnsweredByAnotherNode() throws Exception {
    Future<Message<String>> answer = requestHeldByMember1(true);
    serveOnMember2();

    long noticed = killAndAwaitNoticed(1);

    assertThat(await(answer).body()).isEqualTo("from member 2");
    assertThat(Duration.ofNanos(System.nanoTime() - noticed)).isLessThan(PROMPTLY);
  }

  @Test
  void aRequestNotSafeToRepeatWhoseNodeDiesFailsWith503NodeLost() throws Exception {
    Future<Message<String>> answer = requestHeldByMember1(false);
    serveOnMember2();

    long noticed = killAndAwaitNoticed(1);

    ReplyException failure = awaitFailure(answer);
    assertThat(Duration.ofNanos(System.nanoTime() - noticed)).isLessThan(PROMPTLY);
    assertThat(failure.failureCode()).isEqualTo(503);
    assertThat(failure.getMessage()).isEqualTo(Failures.NODE_LOST);
    assertThat(Failures.retryAfter(failure)).isEqualTo(1);
  }

  @Test
  void aRetryableRequestWhoseConsumerUnregistersOnALiveNodeIsSentElsewhereAfterAGrace() throws Exception {
    MessageConsumer<String> holder = holdOnMember1();
    Future<Message<String>> answer = sendAndAwaitHeld(true);
    serveOnMember2();

    long gone = System.nanoTime();
    SquallNodes.await(holder.unregister());

    assertThat(await(answer).body()).isEqualTo("from member 2");
    // the consumer's node gives it a second's grace to answer what it had already taken
    assertThat(Duration.ofNanos(System.nanoTime() - gone)).isLessThan(Duration.ofMillis(1000).plus(PROMPTLY));
  }

  @Test
  void aRequestAnsweredByItsNodeIsDeliveredOnce() throws Exception {
    java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
    SquallNodes.await(cluster.vertx(1).eventBus().<String>consumer("svc", m -> {
      received.incrementAndGet();
      m.reply("from member 1");
    }).completion());
    Vertx sender = cluster.vertx(0);
    for (int i = 0; i < 20; i++) {
      assertThat(await(Requests.<String>retryable(sender, "svc", "hi", THIRTY_SECONDS)).body()).isEqualTo("from member 1");
    }
    assertThat(received.get()).isEqualTo(20);
  }

  /** Kills member {@code index} and returns when member 0's cluster manager stops listing it (nanoTime). */
  private long killAndAwaitNoticed(int index) {
    ClusterManager manager = ((VertxInternal) cluster.vertx(0)).clusterManager();
    String nodeId = ((VertxInternal) cluster.vertx(index)).clusterManager().getNodeId();
    cluster.kill(index);
    SquallProcess.awaitCondition("member 0 sees member " + index + " gone", Duration.ofSeconds(15),
        () -> !manager.getNodes().contains(nodeId));
    return System.nanoTime();
  }

  /** Member 1 consumes {@code svc} and never answers; member 0 sends to it and waits until member 1 has it. */
  private Future<Message<String>> requestHeldByMember1(boolean retryable) throws Exception {
    holdOnMember1();
    return sendAndAwaitHeld(retryable);
  }

  private MessageConsumer<String> holdOnMember1() {
    MessageConsumer<String> consumer = cluster.vertx(1).eventBus().consumer("svc", m -> swallowed.complete(null));
    SquallNodes.await(consumer.completion());
    return consumer;
  }

  private Future<Message<String>> sendAndAwaitHeld(boolean retryable) throws Exception {
    Vertx sender = cluster.vertx(0);
    CompletableFuture<Future<Message<String>>> sent = new CompletableFuture<>();
    sender.runOnContext(v -> sent.complete(retryable
        ? Requests.retryable(sender, "svc", "hi", THIRTY_SECONDS) : Requests.request(sender, "svc", "hi", THIRTY_SECONDS)));
    swallowed.get(10, TimeUnit.SECONDS);
    return sent.get(10, TimeUnit.SECONDS);
  }

  /**
   * Member 2 serves {@code svc} too, and member 0 has talked to it before (as an edge has with every backend): a
   * first send to a node looks its address up in a Hazelcast map, which waits while a dead member's partitions move.
   */
  private void serveOnMember2() {
    SquallNodes.await(cluster.vertx(2).eventBus().<String>consumer("svc", m -> m.reply("from member 2")).completion());
    SquallNodes.await(cluster.vertx(2).eventBus().<String>consumer("warm", m -> m.reply("ok")).completion());
    SquallNodes.await(cluster.vertx(0).eventBus().request("warm", "hi"));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
  }

  private static ReplyException awaitFailure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ReplyException.class);
      return (ReplyException) e.getCause();
    }
    throw new AssertionError("the request succeeded");
  }
}
