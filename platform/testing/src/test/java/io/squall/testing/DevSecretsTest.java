package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.core.HazelcastInstance;
import io.squall.platform.DevSecrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One generated development secret per name for a whole cluster, made once, warned about, never logged. */
class DevSecretsTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(DevSecrets.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureWarnings() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopCapturing() {
    logger.detachAppender(logged);
  }

  private List<String> warnings() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static String secret(Vertx vertx) {
    return SquallNodes.await(DevSecrets.secret(vertx, "test key", 32, "testKeyFile"));
  }

  @Test
  void membersAskingAtOnceAllGetTheSecretOneOfThemMade() {
    try (InJvmCluster cluster = InJvmCluster.start(3)) {
      List<Future<String>> asked = IntStream.range(0, 3)
          .mapToObj(i -> DevSecrets.secret(cluster.vertx(i), "test key", 32, "testKeyFile")).toList();
      List<String> secrets = asked.stream().map(SquallNodes::await).toList();

      assertThat(secrets.get(0)).matches("[0-9a-f]{64}");
      assertThat(secrets).containsOnly(secrets.get(0));
      assertThat(secret(cluster.vertx(1))).as("asked again").isEqualTo(secrets.get(0));
      assertThat(warnings()).hasSize(3).allSatisfy(line -> assertThat(line)
          .startsWith("test key: dev mode and none configured").contains("Production sets testKeyFile")
          .doesNotContain(secrets.get(0)));
      assertThat(warnings()).filteredOn(line -> line.contains("generated a development one for the whole cluster"))
          .as("made once, by one member").hasSize(1);
    }
  }

  @Test
  void aMemberThatAsksAfterTheOthersDiedGetsTheSameSecret() {
    try (InJvmCluster cluster = InJvmCluster.start(3)) {
      String made = secret(cluster.vertx(0));
      SquallProcess.awaitCondition("backups in place", Duration.ofSeconds(30),
          () -> hazelcast(cluster.vertx(0)).getPartitionService().isClusterSafe());
      // the survivor is the member least likely to hold the secret: not its owner, and the one with fewer backups
      int survivor = IntStream.range(0, 3).boxed()
          .filter(i -> !hazelcast(cluster.vertx(i)).getPartitionService().getPartition("test key").getOwner().localMember())
          .min(Comparator.comparingLong(i -> hazelcast(cluster.vertx(i)).getMap(DevSecrets.MAP)
              .getLocalMapStats().getBackupEntryCount())).orElseThrow();
      IntStream.range(0, 3).filter(i -> i != survivor).forEach(cluster::kill);

      assertThat(secret(cluster.vertx(survivor))).isEqualTo(made);
    }
  }

  @Test
  void otherNamesGetOtherSecrets() {
    try (InJvmCluster cluster = InJvmCluster.start(1)) {
      String one = secret(cluster.vertx(0));
      String other = SquallNodes.await(DevSecrets.secret(cluster.vertx(0), "other key", 32, "otherKeyFile"));

      assertThat(other).isNotEqualTo(one);
    }
  }

  @Test
  void aStandaloneNodeKeepsAThrowawaySecretOfItsOwn() {
    Vertx one = Vertx.vertx();
    Vertx other = Vertx.vertx();
    try {
      String secret = secret(one);

      assertThat(secret(one)).isEqualTo(secret);
      assertThat(secret(other)).isNotEqualTo(secret);
      assertThat(warnings()).hasSize(2).allSatisfy(line -> assertThat(line)
          .contains("generated a throwaway one; it dies with this process").doesNotContain(secret));
    } finally {
      SquallNodes.await(one.close());
      SquallNodes.await(other.close());
    }
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
  }
}
