package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channels verticle on three real JVMs: every message acknowledged before a node is SIGKILLed is still in
 * history afterwards, sequence numbers go on where they were, and the dead node's presence goes away.
 *
 * <p>30 channels, because a channel's ringbuffer lives in one of 271 partitions, spread over the three members: the
 * chance that the killed node is the primary of none of them is (2/3)^30, about 5 in a million.
 */
class ChannelsClusterIT {

  private static final String APP = "src/test/resources/descriptors/good/channels-cluster-app.yaml";
  private static final int CHANNELS = 30;
  private static final int MESSAGES = 10;

  private final List<SquallProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  /** A node and a client of the HTTP port it bound (asked once, when first needed: once the node is ready). */
  private static final class Member {
    private final SquallProcess process;
    private SquallClient http;

    Member(SquallProcess process) {
      this.process = process;
    }

    SquallProcess process() {
      return process;
    }

    SquallClient http() {
      if (http == null) {
        http = SquallClient.to(process.port("http"));
      }
      return http;
    }
  }

  private Member node(String name, String cluster) {
    SquallProcess p = SquallProcess.clusterMember(APP, cluster, "http,channels", "--http-port", "0").name(name).start();
    processes.add(p);
    return new Member(p);
  }

  private HttpResponse<String> post(Member node, String path, JsonObject body) {
    return node.http().postJson(path, body);
  }

  /** The longest any one HTTP request took since it was last reset: a request may fail, but none may hang. */
  private long slowestNanos;

  /** A 200 reply, asking again after a 5xx (the store may be failing over) until {@code patience} runs out. */
  private JsonObject ok(Member node, String path, JsonObject body, Duration patience) {
    JsonObject[] reply = new JsonObject[1];
    int[] attempts = {0};
    awaitCondition(path + " " + body.encode() + " to answer 200", patience.plusSeconds(1), () -> {
      long asked = System.nanoTime();
      HttpResponse<String> response = post(node, path, body);
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - asked);
      attempts[0]++;
      if (response.statusCode() == 200) {
        reply[0] = new JsonObject(response.body());
        return true;
      }
      if (response.statusCode() < 500 || patience.isZero()) {
        throw new AssertionError(path + " " + body.encode() + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return false;
    });
    retries += attempts[0] - 1;
    return reply[0];
  }

  private int retries;

  @Test
  void everyAcknowledgedMessageSurvivesTheKillOfANode() {
    String cluster = "squall-channels-it-" + UUID.randomUUID();
    Member a = node("a", cluster);
    Member b = node("b", cluster);
    Member c = node("c", cluster);
    List<Member> all = List.of(a, b, c);
    all.forEach(m -> m.process().awaitReady(Duration.ofSeconds(90)));
    awaitCondition("three members, partitions settled", Duration.ofSeconds(60), () -> all.stream()
        .allMatch(m -> m.process().info().getInteger("members") == 3 && m.process().status("/health/ready") == 200));

    // Acknowledged messages, sent round-robin to the three nodes (each HTTP request reaches any node's verticle).
    Map<String, Map<Long, String>> acked = new LinkedHashMap<>();
    long[] micros = new long[CHANNELS * MESSAGES];
    int n = 0;
    for (int m = 1; m <= MESSAGES; m++) {
      for (int ch = 0; ch < CHANNELS; ch++) {
        String channel = "it-room-" + ch;
        String data = channel + " message " + m;
        long start = System.nanoTime();
        JsonObject reply = ok(all.get(n % 3), "/publish", new JsonObject().put("channel", channel).put("data", data),
            Duration.ZERO);
        micros[n++] = (System.nanoTime() - start) / 1000;
        assertThat(reply.getLong("seq")).as(channel).isEqualTo(m);
        acked.computeIfAbsent(channel, k -> new TreeMap<>()).put(reply.getLong("seq"), data);
      }
    }
    Arrays.sort(micros);
    System.out.printf("publish over HTTP, 3 nodes, sync backup: p50 %.2f ms, p95 %.2f ms, max %.2f ms (%d messages)%n",
        micros[micros.length / 2] / 1000.0, micros[micros.length * 95 / 100] / 1000.0,
        micros[micros.length - 1] / 1000.0, micros.length);

    String cNode = c.process().info().getString("nodeId");
    String aNode = a.process().info().getString("nodeId");
    ok(a, "/join", new JsonObject().put("channel", "it-presence").put("user", "alice").put("socket", "s1")
        .put("node", cNode), Duration.ZERO);
    ok(b, "/join", new JsonObject().put("channel", "it-presence").put("user", "bob").put("socket", "s2")
        .put("node", aNode), Duration.ZERO);

    long killed = System.nanoTime();
    slowestNanos = 0;
    c.process().sigkill();
    List<Member> survivors = List.of(a, b);
    awaitCondition("the survivors to drop C", Duration.ofSeconds(15),
        () -> survivors.stream().allMatch(m -> m.process().info().getInteger("members") == 2));
    System.out.printf("survivors saw C leave after %d ms%n", (System.nanoTime() - killed) / 1_000_000);

    // within 15 s of the kill, whatever the detection above took
    Duration left = Duration.ofSeconds(15).minusNanos(System.nanoTime() - killed);
    awaitCondition("alice, whose socket was on C, to leave", left, () -> {
      JsonArray members = ok(a, "/presence", new JsonObject().put("channel", "it-presence"), Duration.ofSeconds(10))
          .getJsonArray("members");
      return members.size() == 1 && members.getJsonObject(0).getString("user").equals("bob");
    });
    System.out.printf("the killed node's presence was gone %d ms after the kill%n",
        (System.nanoTime() - killed) / 1_000_000);

    int i = 0;
    for (Map.Entry<String, Map<Long, String>> channel : acked.entrySet()) {
      JsonObject history = ok(survivors.get(i++ % 2), "/history",
          new JsonObject().put("channel", channel.getKey()).put("since", 0).put("limit", 1000), Duration.ofSeconds(30));
      Map<Long, String> stored = new TreeMap<>();
      history.getJsonArray("messages").forEach(o -> {
        JsonObject message = (JsonObject) o;
        stored.put(message.getLong("seq"), message.getString("data"));
      });
      assertThat(stored).as(channel.getKey()).isEqualTo(channel.getValue());
      assertThat(history.getBoolean("complete")).isTrue();
    }
    System.out.printf("history after the kill: all %d acknowledged messages on %d channels (%d retried requests)%n",
        CHANNELS * MESSAGES, CHANNELS, retries);

    // The store goes on where it was: no seq is handed out twice.
    for (int ch = 0; ch < CHANNELS; ch++) {
      JsonObject reply = ok(survivors.get(ch % 2), "/publish",
          new JsonObject().put("channel", "it-room-" + ch).put("data", "after"), Duration.ofSeconds(30));
      assertThat(reply.getLong("seq")).isEqualTo(MESSAGES + 1);
    }
    System.out.printf("the slowest request after the kill took %d ms%n", slowestNanos / 1_000_000);
    assertThat(Duration.ofNanos(slowestNanos)).as("no request waits on the dead node").isLessThan(Duration.ofSeconds(5));
  }
}
