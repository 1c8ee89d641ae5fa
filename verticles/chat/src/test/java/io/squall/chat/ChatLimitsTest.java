package io.squall.chat;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.impl.RingbufferService;
import io.squall.platform.ClusterStore;
import io.squall.platform.Node;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallNodes;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged chat app, over HTTP, against one signed-in user posting to ever new rooms (open rooms are on by
 * default): the post route's rate limit, the channel limit, and idle rooms giving their memory back.
 */
class ChatLimitsTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;
  private SquallClient client;
  private Node node;

  private void start(Map<String, String> sets) throws Exception {
    Path descriptor = dir.resolve("chat.yaml");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("squall/chat/chat.yaml")) {
      Files.write(descriptor, in.readAllBytes());
    }
    node = nodes.start(SquallNodes.options(descriptor.toString()).setSets(sets).addSet("http.port", "0")
        .addSet("bridge.port", "0"));
    client = SquallClient.to(node.port("http"));
  }

  private String token(String user) {
    HttpResponse<String> r = client.send(client.request("/auth/token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            new JsonObject().put("username", user).put("password", user + "-secret").encode())));
    return new JsonObject(r.body()).getString("token");
  }

  private HttpRequest.Builder postRequest(String token, String room, String text) {
    return client.request("/rooms/" + room + "/messages")
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", text).encode()));
  }

  private HttpResponse<String> post(String token, String room, String text) {
    return client.send(postRequest(token, room, text));
  }

  private HttpResponse<String> get(String token, String path) {
    return client.get(path, "Authorization", "Bearer " + token);
  }

  /** Ringbuffers in the node's store, proxies included: one per channel that was ever published to or read. */
  private long ringbuffers() {
    HazelcastInstance hz = ClusterStore.instance(node.vertx()).toCompletionStage().toCompletableFuture().join();
    return hz.getDistributedObjects().stream()
        .filter(o -> RingbufferService.SERVICE_NAME.equals(o.getServiceName())).count();
  }

  @Test
  void aFloodOfPostsToNewRoomsIsRefusedAtTheChannelLimitAndReadingUnknownRoomsCostsNothing() throws Exception {
    start(Map.of("channels.maxChannels", "8"));
    String alice = token("alice");

    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> refused = null;
    for (int i = 0; i < 16; i++) {
      HttpResponse<String> r = post(alice, "flood-" + i, "hello " + i);
      statuses.add(r.statusCode());
      refused = r.statusCode() == 503 ? r : refused;
    }
    for (int i = 0; i < 50; i++) {
      assertThat(get(alice, "/rooms/unknown-" + i + "/messages?since=0").statusCode()).isEqualTo(200);
      assertThat(get(alice, "/rooms/unknown-" + i).statusCode()).isEqualTo(200);
    }

    System.out.printf("16 posts to new rooms with maxChannels 8: %s; ringbuffers after 100 reads of unknown rooms: %d%n",
        statuses, ringbuffers());
    assertThat(statuses.subList(0, 8)).containsOnly(200);
    assertThat(statuses.subList(8, 16)).containsOnly(503);
    assertThat(new JsonObject(refused.body()).getString("message"))
        .isEqualTo("the channel limit (8) is reached: no new channels until idle ones expire");
    assertThat(ringbuffers()).isEqualTo(8);
    assertThat(post(alice, "flood-0", "an existing room takes posts").statusCode()).isEqualTo(200);
    assertThat(SquallProcess.get(node.managementPort(), "/metrics").orElseThrow().body())
        .contains("squall_channels_rejected_total{address=\"publish\",reason=\"channel_limit\"} 8.0");
  }

  @Test
  void postingBeyondTheRoutesBurstGets429WithRetryAfterAndOtherUsersPostOn() throws Exception {
    start(Map.of());
    String alice = token("alice");
    List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
    // at once: the burst (20) is spent long before the 5 a second it refills with matter
    for (int i = 0; i < 40; i++) {
      posts.add(client.http().sendAsync(postRequest(alice, "lobby", "burst " + i).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = posts.stream().map(CompletableFuture::join).toList();

    List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
    System.out.printf("40 posts at once by one user: %d stored, %d refused with 429%n",
        answers.stream().filter(r -> r.statusCode() == 200).count(), limited.size());
    assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200, 429);
    assertThat(answers.size() - limited.size()).isGreaterThanOrEqualTo(20);
    assertThat(limited).isNotEmpty()
        .allSatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).hasValue("1"));
    assertThat(post(token("bob"), "lobby", "bob is not alice").statusCode()).isEqualTo(200);
  }

  @Test
  void anIdleRoomGivesItsMemoryBackAfterItsHistoryTtlAndGoesOnAboveItsSeqs() throws Exception {
    start(Map.of("channels.historyTtl", "1"));
    String alice = token("alice");
    assertThat(new JsonObject(post(alice, "quiet", "one").body()).getLong("seq")).isEqualTo(1);
    assertThat(new JsonObject(post(alice, "quiet", "two").body()).getLong("seq")).isEqualTo(2);

    awaitCondition("the idle room's channel to be destroyed", Duration.ofSeconds(30), () -> ringbuffers() == 0);

    long seq = new JsonObject(post(alice, "quiet", "three").body()).getLong("seq");
    assertThat(seq).as("above the seqs a page may hold").isGreaterThan(2);
    JsonObject history = new JsonObject(get(alice, "/rooms/quiet/messages?since=2").body());
    assertThat(history.getBoolean("complete")).isTrue();
    assertThat(history.getJsonArray("messages")).extracting(m -> ((JsonObject) m).getJsonObject("data").getString("text"))
        .containsExactly("three");
  }
}
