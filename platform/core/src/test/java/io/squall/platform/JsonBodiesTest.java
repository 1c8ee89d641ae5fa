package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

  record Publish(String channel, JsonObject data, String from) {
  }

  @Test
  void roundTripsARecord() {
    Publish p = new Publish("room.lobby", new JsonObject().put("text", "hi"), "alice");
    JsonObject json = JsonBodies.toJson(p);
    assertThat(json.getString("channel")).isEqualTo("room.lobby");
    assertThat(JsonBodies.fromJson(json, Publish.class)).isEqualTo(p);
  }

  @Test
  void aBodyThatDoesNotFitIsABadRequest() {
    assertThatThrownBy(() -> JsonBodies.fromJson(new JsonObject().put("chanel", "x"), Publish.class))
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("invalid Publish: unknown field 'chanel'");
        });
    assertThatThrownBy(() -> JsonBodies.fromJson(new JsonObject().put("data", "not an object"), Publish.class))
        .hasMessage("invalid Publish: bad value for 'data'");
    assertThatThrownBy(() -> JsonBodies.fromJson(null, Publish.class))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
  }
}
