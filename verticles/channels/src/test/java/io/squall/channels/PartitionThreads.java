package io.squall.channels;

import static io.squall.testing.SquallProcess.awaitCondition;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds every partition thread of some members of an in-JVM cluster busy until closed: an entry processor that waits
 * for a latch is sent to a key of each partition they own, so whatever those threads would run next (backups sent to
 * them, among others) waits in their queues. For one test at a time (the latch is this JVM's).
 */
final class PartitionThreads implements AutoCloseable {

  /**
   * Hazelcast's partition threads per member: {@code hazelcast.operation.thread.count}, by default the cores (at least
   * two).
   */
  static final int PER_MEMBER = Integer.getInteger("hazelcast.operation.thread.count",
      Math.max(2, Runtime.getRuntime().availableProcessors()));

  private static volatile CountDownLatch release = new CountDownLatch(0);
  private static final AtomicInteger RUNNING = new AtomicInteger();

  private final List<CompletableFuture<Void>> holds;

  private PartitionThreads(List<CompletableFuture<Void>> holds) {
    this.holds = holds;
  }

  /** Holds {@code members}' partition threads, asking through {@code hz}; returns once all of them wait. */
  static PartitionThreads hold(HazelcastInstance hz, Member... members) {
    release = new CountDownLatch(1);
    RUNNING.set(0);
    Set<Member> held = Set.of(members);
    Set<Integer> partitions = new HashSet<>();
    List<CompletableFuture<Void>> holds = new ArrayList<>();
    int partitionCount = hz.getPartitionService().getPartitions().size();
    for (int i = 0; partitions.size() < partitionCount; i++) {
      String key = "hold-" + i;
      var partition = hz.getPartitionService().getPartition(key);
      if (partitions.add(partition.getPartitionId()) && held.contains(partition.getOwner())) {
        holds.add(hz.<String, String>getMap("squall.test.hold").submitToKey(key, new Hold()).toCompletableFuture());
      }
    }
    awaitCondition("every partition thread of " + held.size() + " members held", Duration.ofSeconds(30),
        () -> RUNNING.get() == PER_MEMBER * held.size());
    return new PartitionThreads(holds);
  }

  /** Lets the held threads go on, and waits for the holds to end. */
  @Override
  public void close() {
    release.countDown();
    holds.forEach(hold -> hold.orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join());
  }

  /** Waits on the owner's partition thread until released (at most a minute, should a test forget). */
  static final class Hold implements EntryProcessor<String, String, Void>, Serializable {

    @Override
    public Void process(Map.Entry<String, String> entry) {
      RUNNING.incrementAndGet();
      try {
        release.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      RUNNING.decrementAndGet();
      return null;
    }
  }
}
