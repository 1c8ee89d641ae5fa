package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class BridgeOptionsTest {

  @Test
  void roundTripsThroughJson() {
    BridgeOptions options = new BridgeOptions().setPort(9000).setHost("127.0.0.1").setPath("/bus").setAnonymous(true)
        .setAllowedOrigins(List.of("https://chat.example")).setSessionCookie("sid").setMaxFrameSize(1024)
        .setMaxMessageSize(2048).setMaxRegistrations(7).setRateLimit(5).setRateBurst(9).setWriteQueueSize(4096)
        .setSlowConsumer(BridgeOptions.SlowConsumerPolicy.DROP_OLDEST).setPingTimeout(5000).setReplyTimeout(100)
        .setAuthTimeout(200).setHeartbeat(300).setMaxResume(10)
        .addInbound(new PermitOptions().setAddress("chat.post").setMatch(new JsonObject().put("room", "lobby")))
        .addOutbound(new PermitOptions().setAddressRegex("channel\\\\..+").setRole("user"));

    assertThat(new BridgeOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new BridgeOptions(options).toJson()).isEqualTo(options.toJson());
    assertThat(BridgeOptions.KEYS.check(options.toJson(), getClass().getClassLoader())).isEmpty();
  }

  @Test
  void defaultsAreSafe() {
    BridgeOptions options = new BridgeOptions(new JsonObject());

    assertThat(options.getInbound()).isEmpty();
    assertThat(options.getOutbound()).isEmpty();
    assertThat(options.isAnonymous()).isFalse();
    assertThat(options.getSlowConsumer()).isEqualTo(BridgeOptions.SlowConsumerPolicy.CLOSE);
    assertThat(options.getMaxFrameSize()).isEqualTo(64 * 1024);
    assertThat(options.getRateLimit()).isEqualTo(100);
  }

  @Test
  void badPermitsAndPoliciesAreNamed() {
    JsonObject noAddress = new BridgeOptions().addInbound(new PermitOptions()).toJson();
    JsonObject badRegex = new BridgeOptions().addOutbound(new PermitOptions().setAddressRegex("(")).toJson();

    assertThatThrownBy(() -> BridgeOptions.KEYS.validate("bridge", noAddress))
        .hasMessage("bridge: inbound[0]: a permit needs address or addressRegex");
    assertThatThrownBy(() -> BridgeOptions.KEYS.validate("bridge", badRegex))
        .hasMessageStartingWith("bridge: outbound[0].addressRegex: is not a regex");
    assertThatThrownBy(() -> BridgeOptions.KEYS.validate("bridge", new JsonObject().put("slowConsumer", "ignore")))
        .hasMessage("bridge: slowConsumer: expected one of close, drop-oldest, got 'ignore'");
  }
}
