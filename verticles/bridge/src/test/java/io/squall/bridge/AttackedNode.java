package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Node;
import io.squall.testing.BridgeClient;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallNodes;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Squall node running the bridge as a descriptor deploys it, for hostile-input tests: tight limits so that
 * attacks are cheap to mount, and the three things every such test must show afterwards: the node is still ready,
 * a neighbour on another socket still gets its messages, a fresh socket still does a permitted round trip; plus the
 * node's {@code /metrics} to prove the refusal was counted.
 */
final class AttackedNode {

  static final int MAX_FRAME = 1024;
  static final int MAX_MESSAGE = 4096;
  static final int RATE = 10;
  static final int MAX_REGISTRATIONS = 5;

  final Node node;
  final int port;
  /** What reached {@code in.orders} (permitted inbound), with the headers the bridge set. */
  final List<Message<Object>> orders = new CopyOnWriteArrayList<>();

  private AttackedNode(Node node, int port) {
    this.node = node;
    this.port = port;
  }

  static AttackedNode start(SquallNodes nodes, Path dir) throws IOException {
    return start(nodes, dir, "");
  }

  /** With the real channels service beside the bridge: browsers may listen on {@code channel.room.*}. */
  static AttackedNode withChannels(SquallNodes nodes, Path dir) throws IOException {
    return start(nodes, dir, """
          - name: channels
            class: io.squall.channels.ChannelsVerticle
        """);
  }

  private static AttackedNode start(SquallNodes nodes, Path dir, String moreVerticles) throws IOException {
    Path descriptor = Files.writeString(dir.resolve("attacked.yaml"), """
        name: attacked
        verticles:
          - name: bridge
            class: io.squall.bridge.BridgeVerticle
            config:
              port: 0
              host: 127.0.0.1
              anonymous: true
              inbound: [{address: in.orders}, {address: in.ask}]
              outbound: [{addressRegex: 'out\\..+'}, {addressRegex: 'channel\\.room\\.[a-z]+'}]
              maxFrameSize: %d
              maxMessageSize: %d
              rateLimit: %d
              rateBurst: %d
              maxRegistrations: %d
        """.formatted(MAX_FRAME, MAX_MESSAGE, RATE, RATE, MAX_REGISTRATIONS) + moreVerticles);
    Node node = nodes.start(SquallNodes.options(descriptor.toString()));
    AttackedNode attacked = new AttackedNode(node, node.port("bridge"));
    Vertx vertx = attacked.vertx();
    Bridges.fakeAuth(vertx);
    vertx.eventBus().consumer("in.orders", attacked.orders::add);
    vertx.eventBus().<Object>consumer("in.ask", m -> m.reply(new JsonObject().put("answer", m.body())));
    return attacked;
  }

  Vertx vertx() {
    return node.vertx();
  }

  /** A socket of another browser, listening on {@code out.news} before the attack starts. */
  BridgeClient neighbour() {
    return BridgeClient.connect(port).registered(vertx().eventBus(), "out.news");
  }

  /** The refusals counted under {@code reason} on the node's /metrics (0 when none yet). */
  double rejects(String reason) {
    return metric("squall_bridge_rejects_total\\{reason=\"" + Pattern.quote(reason) + "\",?\\}");
  }

  /** {@code squall.channels.history} requests the channels service answered so far. */
  double historyRequests() {
    return metric("squall_channels_history_requests_total");
  }

  /** A sample on the node's /metrics whose name and labels match {@code series} (0 when absent). */
  private double metric(String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.E]+)$").matcher(get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** Waits until {@code reason} was counted more often than {@code before}. */
  void awaitCounted(String reason, double before) {
    SquallAwait.until("squall_bridge_rejects_total{reason=" + reason + "} above " + before,
        () -> rejects(reason) > before);
  }

  /**
   * What must hold after every hostile input: /health/ready is 200, the neighbour still hears {@code out.news}, and
   * a fresh socket does a permitted request-reply.
   */
  void assertStillServing(BridgeClient neighbour) {
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    String marker = "still here " + System.nanoTime();
    vertx().eventBus().publish("out.news", marker);
    assertThat(neighbour.await(f -> "rec".equals(f.getString("type")) && marker.equals(f.getString("body")))).isNotNull();
    BridgeClient fresh = BridgeClient.connect(port);
    fresh.send(new JsonObject().put("type", "send").put("address", "in.ask").put("body", "ok?").put("replyAddress", "r"));
    assertThat(fresh.awaitRec("r").getJsonObject("body").getString("answer")).isEqualTo("ok?");
    fresh.close();
  }

  private HttpResponse<String> get(String path) {
    return SquallClient.to(node.managementPort()).get(path);
  }

}
