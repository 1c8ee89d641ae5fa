package io.squall.platform;

import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets dev mode generates when none is configured (the http verticle's cookie secret, the auth verticle's JWT
 * key): one value per name for the whole cluster, so that a development cluster works as a development node does.
 * A secret made per process splits a cluster: whatever one node signs, the others refuse.
 *
 * <p>Clustered, the first node that asks for a name puts it in the Hazelcast map {@value #MAP} ({@link
 * ClusterStore}); an entry processor on the key's owner keeps the first value offered, so nodes that start together
 * still agree. The map keeps {@value #BACKUPS} synchronous backups (a copy on every member of a small cluster), so
 * the value lasts as long as the cluster, not as long as the member that owns it. Standalone, the value is a
 * throwaway of the Vert.x instance: a private Hazelcast member would cost a second of every start and give nothing
 * more.
 *
 * <p>Each node warns once per name, naming what production sets instead; nothing logs the value.
 */
public final class DevSecrets {

  /** The cluster's generated development secrets, by name. */
  public static final String MAP = "squall.dev-secrets";
  /** Hazelcast's most: a node that starts after members died finds the value rather than making a second one. */
  static final int BACKUPS = MapConfig.MAX_BACKUP_COUNT;

  private static final Logger log = LoggerFactory.getLogger(DevSecrets.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private DevSecrets() {
  }

  /**
   * The development secret {@code name}: {@code bytes} random bytes in hex, the same on every node of the cluster.
   * Never blocks the caller's thread.
   *
   * @param name what the secret is, for the warning and as its key in {@value #MAP}, e.g. {@code auth JWT key}
   * @param production what production configures instead, for the warning
   */
  public static Future<String> secret(Vertx vertx, String name, int bytes, String production) {
    LocalMap<String, String> known = vertx.sharedData().getLocalMap(MAP);
    String held = known.get(name);
    if (held != null) {
      return Future.succeededFuture(held);
    }
    String offered = random(bytes);
    if (!vertx.isClustered()) {
      return Future.succeededFuture(adopt(known, name, offered, Origin.PROCESS, production));
    }
    Context context = vertx.getOrCreateContext();
    return ClusterStore.instance(vertx)
        .compose(hz -> vertx.executeBlocking(() -> map(hz), false))
        .compose(map -> Future.fromCompletionStage(map.submitToKey(name, new FirstOffer(offered)), context))
        .map(kept -> adopt(known, name, kept, kept.equals(offered) ? Origin.MADE_FOR_CLUSTER : Origin.CLUSTER,
            production));
  }

  /** Where a node's development secret came from, for its warning. */
  private enum Origin { PROCESS, MADE_FOR_CLUSTER, CLUSTER }

  /** Keeps {@code value} as this node's, warning if it is the node's first; answers the node's value. */
  private static String adopt(LocalMap<String, String> known, String name, String value, Origin origin,
                              String production) {
    String earlier = known.putIfAbsent(name, value);
    if (earlier != null) {
      return earlier;
    }
    switch (origin) {
      case PROCESS -> log.warn("{}: dev mode and none configured: generated a throwaway one; it dies with this "
          + "process. Production sets {}", name, production);
      case MADE_FOR_CLUSTER -> log.warn("{}: dev mode and none configured: generated a development one for the whole "
          + "cluster (Hazelcast map {}); every node uses it until the last one stops, and any process that joins the "
          + "cluster can read it. Production sets {}", name, MAP, production);
      case CLUSTER -> log.warn("{}: dev mode and none configured: using the development one another node generated "
          + "for the whole cluster (Hazelcast map {}). Production sets {}", name, MAP, production);
    }
    return value;
  }

  /**
   * The map, configured first. Blocking: every member acknowledges a dynamic config (the same config from every node
   * is accepted again), and the first proxy of a name is announced to them.
   */
  private static IMap<String, String> map(HazelcastInstance hz) {
    try {
      hz.getConfig().addMapConfig(new MapConfig(MAP).setBackupCount(BACKUPS).setAsyncBackupCount(0));
    } catch (InvalidConfigurationException e) {
      log.warn("the cluster already has another map config for {}; keeping the cluster's", MAP);
    }
    return hz.getMap(MAP);
  }

  private static String random(int bytes) {
    byte[] secret = new byte[bytes];
    RANDOM.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  /** Keeps the first value offered for a key and answers the value kept. */
  record FirstOffer(String offered) implements EntryProcessor<String, String, String> {

    @Override
    public String process(Map.Entry<String, String> entry) {
      if (entry.getValue() == null) {
        entry.setValue(offered);
      }
      return entry.getValue();
    }

    /** Hazelcast may log an operation that failed: never with the secret in it. */
    @Override
    public String toString() {
      return "FirstOffer[offered=(hidden)]";
    }
  }
}
