package io.squall.bridge;

import static io.squall.bridge.Bridges.permit;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallProcess;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A drain as the official npm client sees it on each SockJS transport: the {@code reconnect} frame comes before the
 * close, and the client, connecting to another bridge, registers again and hears messages there.
 */
class OfficialClientDrainTest {

  private Vertx vertx;
  private String firstDeployment;
  private int firstPort;
  private int secondPort;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    BridgeOptions options = new BridgeOptions().setAnonymous(true).addOutbound(permit("news")).setHost("127.0.0.1")
        .setPort(0);
    BridgeVerticle first = new BridgeVerticle();
    firstDeployment = Bridges.await(vertx.deployVerticle(first, new DeploymentOptions().setConfig(options.toJson())));
    firstPort = first.actualPort();
    secondPort = Bridges.deploy(vertx, options);
  }

  @AfterEach
  void stop() {
    Bridges.await(vertx.close());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "xhr-streaming", "eventsource", "xhr-polling"})
  void aDrainedClientGetsTheReconnectFrameBeforeTheCloseAndResumesOnAnotherBridge(String transport) throws Exception {
    try (OfficialClient client = OfficialClient.run("drain-client.js", transport, url(firstPort), url(secondPort),
        "news")) {
      client.await(1, "open");
      publishUntilHeard(client, 1);

      Bridges.await(vertx.undeploy(firstDeployment));

      client.await(1, "reconnect");
      JsonObject close = client.await(1, "close");
      client.await(2, "open");
      publishUntilHeard(client, 2);
      List<String> drained = client.events().stream().filter(e -> e.getInteger("bridge", 0) == 1)
          .map(e -> e.getString("event")).filter(e -> !e.equals("message")).toList();
      assertThat(drained).as("what the client saw of the drained bridge").containsExactly("open", "reconnect", "close");
      assertThat(close.getBoolean("clean")).as("the SockJS close frame arrived: " + close).isTrue();
    }
  }

  private static String url(int port) {
    return "http://127.0.0.1:" + port + "/eventbus";
  }

  /** Publishes until the client hears it through {@code bridge}: its registration reaches the bridge a bit later. */
  private void publishUntilHeard(OfficialClient client, int bridge) {
    SquallProcess.awaitCondition("a message heard through bridge " + bridge, Duration.ofSeconds(15), () -> {
      vertx.eventBus().publish("news", new JsonObject().put("to", bridge));
      return client.saw(bridge, "message");
    });
  }
}
