package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.concurrent.EventExecutor;
import io.squall.platform.Node;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodeTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  private static final String APP = "src/test/resources/app.yaml";

  @BeforeEach
  void clearEvents() {
    LifecycleVerticle.EVENTS.clear();
  }

  private static HttpResponse<String> get(Node node, String path) {
    return SquallProcess.get(node.managementPort(), path).orElseThrow();
  }

  @Test
  void standaloneNodeIsReadyAndDescribesItself() {
    Node node = nodes.start(SquallNodes.options(APP));
    assertThat(get(node, "/health/ready").statusCode()).isEqualTo(200);

    assertThat(get(node, "/health/live").statusCode()).isEqualTo(200);
    JsonObject info = new JsonObject(get(node, "/info").body());
    assertThat(info.getString("nodeId")).isEqualTo(node.nodeId()).isNotBlank();
    assertThat(info.getJsonArray("roles")).containsExactly("edge", "backend");
    assertThat(info.getJsonArray("verticles")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("name", "first").put("instances", 1))
        .add(new JsonObject().put("name", "echo").put("instances", 2))
        .add(new JsonObject().put("name", "last").put("instances", 1)));
    assertThat(info.getBoolean("clustered")).isFalse();
    assertThat(info.getInteger("members")).isEqualTo(1);
  }

  @Test
  void runsOneEventLoopPerCoreByDefault() {
    Node node = nodes.start(SquallNodes.options(APP));
    int loops = 0;
    for (EventExecutor ignored : ((VertxInternal) node.vertx()).nettyEventLoopGroup()) {
      loops++;
    }
    assertThat(loops).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void metricsExposeJvmAndVertxMetersInPrometheusFormat() {
    Node node = nodes.start(SquallNodes.options(APP));
    get(node, "/info");
    HttpResponse<String> metrics = get(node, "/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("text/plain"));
    assertThat(metrics.body())
        .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_")
        .contains("vertx_eventbus_handlers")
        // Vert.x's per-request HTTP server meters are off (a registry lookup per request); the http verticle records
        // squall_http_server_* instead (verticles/http HttpMetricsTest)
        .doesNotContain("vertx_http_server_requests_total");
  }

  @Test
  void eventBusMetersCountMessagesBySideAndLeaveRepliesOut() {
    Node node = nodes.start(SquallNodes.options(APP));
    String before = get(node, "/metrics").body();
    for (int i = 0; i < 5; i++) {
      SquallNodes.await(node.vertx().eventBus().request("test.echo", "hi"));
    }
    node.vertx().eventBus().publish("test.echo", "to all");

    // processed is counted once the consumer returns, which may be just after its reply arrived here
    String[] scrape = new String[1];
    SquallProcess.awaitCondition("7 messages processed", Duration.ofSeconds(5), () -> {
      scrape[0] = get(node, "/metrics").body();
      return meter(scrape[0], "vertx_eventbus_processed_total", "local")
          - meter(before, "vertx_eventbus_processed_total", "local") >= 7;
    });
    String after = scrape[0];

    assertThat(meter(after, "vertx_eventbus_sent_total", "local") - meter(before, "vertx_eventbus_sent_total", "local"))
        .as("requests, not their replies").isEqualTo(5);
    assertThat(meter(after, "vertx_eventbus_published_total", "local")
        - meter(before, "vertx_eventbus_published_total", "local")).isEqualTo(1);
    assertThat(meter(after, "vertx_eventbus_received_total", "local")
        - meter(before, "vertx_eventbus_received_total", "local")).isEqualTo(6);
    // the publish reached both echo instances
    assertThat(meter(after, "vertx_eventbus_delivered_total", "local")
        - meter(before, "vertx_eventbus_delivered_total", "local")).isEqualTo(6);
    assertThat(meter(after, "vertx_eventbus_processed_total", "local")
        - meter(before, "vertx_eventbus_processed_total", "local")).isEqualTo(7);
    assertThat(meter(after, "vertx_eventbus_pending", "local")).isZero();
    assertThat(meter(after, "vertx_eventbus_sent_total", "remote")).isZero();
    // reply handlers come and go per request; only the node's own consumers are counted
    assertThat(meter(after, "vertx_eventbus_handlers", null)).isEqualTo(meter(before, "vertx_eventbus_handlers", null))
        .isPositive();
  }

  /** A sample's value from a Prometheus scrape, by name and {@code side} label (null: the one without labels). */
  private static double meter(String scrape, String name, String side) {
    String labels = side == null ? "(\\{[^}]*})?" : "\\{[^}]*side=\"" + side + "\"[^}]*}";
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + labels + " (\\S+)$").matcher(scrape);
    assertThat(m.find()).as(name + " side=" + side + " in\n" + scrape).isTrue();
    return Double.parseDouble(m.group(m.groupCount()));
  }

  @Test
  void rolesDeployOnlyTheMatchingVerticles() {
    Node edge = nodes.start(SquallNodes.options(APP).setRoles(List.of("edge")));

    assertThat(edge.verticles()).extracting(v -> v.name()).containsExactly("first", "last");
    assertThat(new JsonObject(get(edge, "/info").body()).getJsonArray("roles")).containsExactly("edge");
    assertThatThrownBy(() -> SquallNodes.await(edge.vertx().eventBus().request("test.echo", "hi")))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));

    Node backend = nodes.start(SquallNodes.options(APP).setRoles(List.of("backend")));
    assertThat(backend.verticles()).extracting(v -> v.name()).containsExactly("echo", "last");
    Object reply = SquallNodes.await(backend.vertx().eventBus().request("test.echo", "hi")).body();
    assertThat(reply).isEqualTo(new JsonObject().put("echo", "hi").put("from", "backend"));
  }

  @Test
  void anUnknownRoleIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> nodes.start(SquallNodes.options(APP).setRoles(List.of("edgy"))))
        .hasMessage("unknown role edgy (" + java.nio.file.Path.of(APP) + " has roles: edge, backend)");
  }

  @Test
  void drainingTurnsReadinessOffAtOnceAndUndeploysInReverseOrder() {
    Node node = nodes.start(SquallNodes.options(APP));
    var closed = node.close();

    HttpResponse<String> ready = get(node, "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(ready.body()).getString("reason")).isEqualTo("draining");
    SquallNodes.await(closed);
    assertThat(LifecycleVerticle.EVENTS).containsExactly("start first", "start last", "stop last", "stop first");
    assertThat(SquallProcess.get(node.managementPort(), "/health/live")).isEmpty();
  }

  @Test
  void aDrainDelayKeepsServingWhileNotReadyThenStops() {
    Node node = nodes.start(SquallNodes.options(APP).setDrainDelay(1));
    long started = System.nanoTime();
    var closed = node.close();

    assertThat(get(node, "/health/ready").statusCode()).isEqualTo(503);
    // still answering: the load balancer has this long to see the 503 before anything is refused
    Object reply = SquallNodes.await(node.vertx().eventBus().request("test.echo", "still here")).body();
    assertThat(((JsonObject) reply).getString("echo")).isEqualTo("still here");
    assertThat(LifecycleVerticle.EVENTS).doesNotContain("stop last");
    SquallNodes.await(closed);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(LifecycleVerticle.EVENTS).contains("stop last", "stop first");
  }

  @Test
  void drainIsBoundedByTheShutdownTimeout() {
    Node node = nodes.start(SquallNodes.options("src/test/resources/stuck.yaml"));
    long started = System.nanoTime();
    SquallNodes.await(node.close());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
  }

  @Test
  void aVerticleThatFailsToStartFailsTheNodeWithItsName() {
    assertThatThrownBy(() -> nodes.start(SquallNodes.options("src/test/resources/failing.yaml")))
        .hasMessageContaining("verticle 'broken' (io.squall.testing.LifecycleVerticle) failed to start")
        .hasMessageContaining("failStart is set");
    assertThat(LifecycleVerticle.EVENTS).contains("stop fine");
  }

  @Test
  void setOverridesReachTheVerticleConfig() {
    Node node = nodes.start(SquallNodes.options(APP).addSet("echo.tag", "patched"));
    Object reply = SquallNodes.await(node.vertx().eventBus().request("test.echo", "x")).body();
    assertThat(((JsonObject) reply).getString("from")).isEqualTo("patched");
  }
}
