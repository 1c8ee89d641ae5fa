package io.squall.http;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.SquallClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SseRouteTest {

  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // history of channel room.lobby: seq 1..5
    vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_HISTORY, m -> {
      long since = m.body().getLong("since", 0L);
      JsonArray messages = new JsonArray();
      for (long seq = since + 1; seq <= 5; seq++) {
        messages.add(message(seq));
      }
      m.reply(new JsonObject().put("messages", messages).put("complete", true));
    });
    RouteOptions keepAlive = new RouteOptions().setPath("/ticks").setKind(RouteOptions.Kind.SSE).setAddress("ticks")
        .setConfig(new JsonObject().put("keepAlive", 100));
    port = HttpServers.deploy(vertx, new HttpOptions().setRoutes(List.of(keepAlive,
        new RouteOptions().setPath("/rooms/:room/events").setKind(RouteOptions.Kind.SSE).setChannel("room.{room}"))));
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static JsonObject message(long seq) {
    return new JsonObject().put("seq", seq).put("data", new JsonObject().put("text", "m" + seq)).put("from", "bob")
        .put("ts", 1000 + seq);
  }

  /** An SSE client on SquallClient's JDK client: the stream's lines as they come, each read bounded. */
  private final class Client implements AutoCloseable {
    final HttpResponse<InputStream> response;
    private final BufferedReader in;
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    Client(String path, String lastEventId) {
      SquallClient client = SquallClient.to(port);
      HttpRequest.Builder get = client.request(path).header("Accept", "text/event-stream")
          .header("Accept-Encoding", "gzip");
      if (lastEventId != null) {
        get.header("Last-Event-ID", lastEventId);
      }
      response = client.send(get.GET(), HttpResponse.BodyHandlers.ofInputStream());
      in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** The next line of the stream, or null at its end; waits at most 5 s. */
    String readLine() throws Exception {
      return reader.submit(in::readLine).get(5, TimeUnit.SECONDS);
    }

    /** Data lines of the next {@code n} events with ids (comments skipped). */
    List<String> ids(int n) throws Exception {
      List<String> ids = new ArrayList<>();
      String line;
      while (ids.size() < n && (line = readLine()) != null) {
        if (line.startsWith("id: ")) {
          ids.add(line.substring(4));
        }
      }
      return ids;
    }

    /** Every line until the server ends the stream. */
    List<String> rest() throws Exception {
      List<String> lines = new ArrayList<>();
      for (String line; (line = readLine()) != null; ) {
        lines.add(line);
      }
      return lines;
    }

    /** Reads up to the comment a stream starts with. */
    void firstComment() throws Exception {
      String line;
      do {
        line = readLine();
      } while (line != null && !line.startsWith(": connected"));
    }

    /** Drops the connection (a blocked read ends with it). */
    @Override
    public void close() throws Exception {
      response.body().close();
      reader.shutdownNow();
    }
  }

  @Test
  void streamsAnAddressAsEventsWithKeepAliveComments() throws Exception {
    try (Client client = new Client("/ticks", null)) {
      assertThat(client.response.statusCode()).isEqualTo(200);
      assertThat(client.response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
          .startsWithIgnoringCase("text/event-stream"));
      // asked for gzip, yet readable lines: a compressor would hold events back
      assertThat(client.response.headers().allValues("content-encoding")).noneMatch(v -> v.equalsIgnoreCase("gzip"));
      client.firstComment();
      vertx.eventBus().publish("ticks", new JsonObject().put("seq", 7).put("v", "a"));
      assertThat(client.ids(1)).containsExactly("7");
      String line;
      do {
        line = client.readLine();
      } while (line != null && !line.equals(": keep-alive"));
      assertThat(line).isEqualTo(": keep-alive");
    }
  }

  @Test
  void lastEventIdResumesAChannelWithoutGapOrDuplicate() throws Exception {
    try (Client client = new Client("/rooms/lobby/events", "2")) {
      client.firstComment();
      // live messages overlapping the history (5) and after it (6)
      vertx.eventBus().publish(Addresses.channel("room.lobby"), message(5));
      vertx.eventBus().publish(Addresses.channel("room.lobby"), message(6));
      assertThat(client.ids(4)).containsExactly("3", "4", "5", "6");
    }
  }

  @Test
  void aChannelMessageStoredTwiceUnderTwoSeqsIsSentOnce() throws Exception {
    try (Client client = new Client("/rooms/lobby/events", "5")) {
      client.firstComment();
      // Hazelcast's retry of an add stored "x" as seq 6 and 7: one publish id, two seqs
      vertx.eventBus().publish(Addresses.channel("room.lobby"), message(6).put("id", "x"));
      vertx.eventBus().publish(Addresses.channel("room.lobby"), message(7).put("id", "x"));
      vertx.eventBus().publish(Addresses.channel("room.lobby"), message(8).put("id", "y"));
      assertThat(client.ids(2)).containsExactly("6", "8");
    }
  }

  @Test
  void aDrainEndsEveryStreamAtOnceWithAReconnectEventThatKeepsTheLastEventId() throws Exception {
    try (Client client = new Client("/rooms/lobby/events", "4")) {
      client.firstComment();
      assertThat(client.ids(1)).containsExactly("5");

      long start = System.nanoTime();
      Future<Void> undeployed = vertx.undeploy(vertx.deploymentIDs().iterator().next());
      List<String> last = client.rest();
      Duration ended = Duration.ofNanos(System.nanoTime() - start);

      // the stream's default shutdownTimeout is 20 s: a stream that held the shutdown would end only then
      assertThat(ended).isLessThan(Duration.ofSeconds(2));
      assertThat(last).containsSubsequence("retry: " + SseRoute.DRAIN_RETRY_MS, "event: reconnect")
          .noneMatch(line -> line.startsWith("id:"));
      undeployed.toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDrainEndsEveryStreamOfAnHttp2Connection() throws Exception {
    Set<String> before = Set.copyOf(vertx.deploymentIDs());
    int h2 = HttpServers.deploy(vertx, new HttpOptions().setH2c(true).setRoutes(List.of(
        new RouteOptions().setPath("/rooms/:room/events").setKind(RouteOptions.Kind.SSE).setChannel("room.{room}"))));
    String deployment = vertx.deploymentIDs().stream().filter(id -> !before.contains(id)).findFirst().orElseThrow();
    // HTTP/2 by prior knowledge, one connection: both streams share it (and its one shutdown handler). The JDK's
    // client (SquallClient's) reaches h2c only by an upgrade, so a Vert.x client here; the waits below bound it.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setConnectTimeout((int) SquallClient.TIMEOUT.toMillis()),
        new PoolOptions().setHttp2MaxSize(1));
    List<StringBuffer> bodies = List.of(new StringBuffer(), new StringBuffer());
    List<HttpConnection> connections = new CopyOnWriteArrayList<>();
    CountDownLatch ended = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      StringBuffer body = bodies.get(i);
      client.request(HttpMethod.GET, h2, "127.0.0.1", "/rooms/r" + i + "/events").compose(HttpClientRequest::send)
          .onSuccess(res -> {
            connections.add(res.request().connection());
            res.handler(chunk -> body.append(chunk.toString()));
            res.endHandler(v -> ended.countDown());
          });
    }
    awaitCondition("both streams open", Duration.ofSeconds(5),
        () -> bodies.stream().allMatch(b -> b.toString().contains(": connected")));

    long start = System.nanoTime();
    vertx.undeploy(deployment);

    assertThat(ended.await(2, TimeUnit.SECONDS)).as("both streams ended within 2 s").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(connections).hasSize(2).containsOnly(connections.get(0));
    assertThat(bodies).allSatisfy(b -> assertThat(b.toString()).endsWith("event: reconnect\ndata: {\"reason\":\"draining\"}\n\n"));
  }

  @Test
  void aClientThatLeavesIsNoticedAtOnce() throws Exception {
    // the channel route keeps the default 15 s keep-alive: only the connection's close can tell within 3 s
    Client client = new Client("/rooms/lobby/events", null);
    client.firstComment();
    long closed = System.nanoTime();
    client.close();
    awaitCondition("the SSE consumer of the channel to be gone", Duration.ofSeconds(3),
        () -> nobodyListensOn(Addresses.channel("room.lobby")));
    assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(3));
  }

  private boolean nobodyListensOn(String address) {
    try {
      vertx.eventBus().request(address, "probe", new DeliveryOptions().setSendTimeout(100))
          .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      return false;
    } catch (Exception e) {
      return e.getCause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
    }
  }

  @Test
  void aChannelParameterWithUnsafeCharactersIs400() throws Exception {
    try (Client client = new Client("/rooms/a%20b/events", null)) {
      assertThat(client.response.statusCode()).isEqualTo(400);
    }
  }
}
