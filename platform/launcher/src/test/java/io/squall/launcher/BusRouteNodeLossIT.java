package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.HoldingVerticle;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An edge and two backends on real JVMs; the edge's bus route {@code /thing} goes to either backend (round robin).
 * One backend answers, the other holds every request it gets. With a read, a change and a change carrying an
 * {@code Idempotency-Key} all held by the holder, the holder is SIGKILLed: within 2 s the read and the keyed change
 * are answered by the other backend (200), and the plain change is refused with 503 {@code node_lost} and
 * {@code Retry-After} (it may have been applied there; repeating it could apply it twice). Before, each waited the
 * route's whole 30 s timeout.
 */
class BusRouteNodeLossIT {

  private static final String APP = "src/test/resources/descriptors/good/node-loss-app.yaml";
  private static final Duration WITHIN = Duration.ofSeconds(2);

  private final List<SquallProcess> processes = new ArrayList<>();
  private SquallClient client;

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, String cluster, String roles, String... extra) {
    SquallProcess p = SquallProcess.clusterMember(APP, cluster, roles, extra).name(name).withTestVerticles().start();
    processes.add(p);
    return p;
  }

  @Test
  void requestsHeldByAKilledBackendAreRetriedWhenSafeOrRefusedWithNodeLostWithinTwoSeconds() throws Exception {
    String cluster = "squall-node-loss-it-" + UUID.randomUUID();
    SquallProcess edge = node("edge", cluster, "edge", "--http-port", "0");
    SquallProcess holder = node("holder", cluster, "back", "--set", "hold.answer=false");
    SquallProcess answerer = node("answerer", cluster, "back", "--set", "hold.answer=true");
    for (SquallProcess p : List.of(edge, holder, answerer)) {
      p.awaitReady();
    }
    client = SquallClient.to(edge.port("http"));
    awaitCondition("three members", Duration.ofSeconds(30), () -> edge.info().getInteger("members") == 3);

    CompletableFuture<HttpResponse<String>> read = heldBy(holder, () -> send("GET", null));
    CompletableFuture<HttpResponse<String>> change = heldBy(holder, () -> send("POST", null));
    CompletableFuture<HttpResponse<String>> keyedChange = heldBy(holder, () -> send("POST", "\"key-1\""));

    holder.sigkill();
    long killed = System.nanoTime();
    HttpResponse<String> readAnswer = read.get(40, TimeUnit.SECONDS);
    HttpResponse<String> changeAnswer = change.get(40, TimeUnit.SECONDS);
    HttpResponse<String> keyedAnswer = keyedChange.get(40, TimeUnit.SECONDS);
    Duration slowest = Duration.ofNanos(System.nanoTime() - killed);

    System.out.printf("bus route node loss: read %d, change %d, keyed change %d; the last answered %d ms after the kill%n",
        readAnswer.statusCode(), changeAnswer.statusCode(), keyedAnswer.statusCode(), slowest.toMillis());
    assertThat(slowest).as("kill to the last answer").isLessThan(WITHIN);
    assertThat(readAnswer.statusCode()).as("the read, retried on the other backend").isEqualTo(200);
    assertThat(new JsonObject(readAnswer.body()).getString("from")).isEqualTo("back");
    assertThat(keyedAnswer.statusCode()).as("the change with an idempotency key, retried").isEqualTo(200);
    assertThat(changeAnswer.statusCode()).as("the change without one").isEqualTo(503);
    assertThat(new JsonObject(changeAnswer.body()).getString("message")).isEqualTo("node_lost");
    assertThat(changeAnswer.headers().firstValue("retry-after")).hasValue("1");
  }

  /**
   * Sends requests one at a time until one is held by {@code holder} (round robin sends every other one there; the
   * answerer's replies come back at once) and returns that one, still waiting.
   */
  private CompletableFuture<HttpResponse<String>> heldBy(SquallProcess holder,
      Supplier<CompletableFuture<HttpResponse<String>>> send) {
    for (int attempt = 0; attempt < 10; attempt++) {
      long heldBefore = held(holder);
      CompletableFuture<HttpResponse<String>> response = send.get();
      awaitCondition("the request is answered or held", Duration.ofSeconds(10),
          () -> response.isDone() || held(holder) > heldBefore);
      if (!response.isDone()) {
        return response;
      }
      assertThat(response.join().statusCode()).as("answered by the answerer").isEqualTo(200);
    }
    throw new AssertionError("no request reached the holder in 10 tries");
  }

  private static long held(SquallProcess holder) {
    return holder.log().lines().filter(l -> l.contains(HoldingVerticle.HELD)).count();
  }

  private CompletableFuture<HttpResponse<String>> send(String method, String idempotencyKey) {
    // longer than the route's 30 s timeout: without the fix, the answer would be that timeout
    HttpRequest.Builder request = client.request("/thing").header("Accept", "application/json")
        .timeout(Duration.ofSeconds(40));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    request.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString("{\"n\": 1}"));
    if (!method.equals("GET")) {
      request.header("Content-Type", "application/json");
    }
    return client.http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
