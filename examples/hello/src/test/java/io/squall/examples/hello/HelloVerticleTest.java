package io.squall.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verticle alone on the event bus, the way any other verticle (or a bridge client) would call it. */
class HelloVerticleTest {

  private Vertx vertx;

  @BeforeEach
  void deploy() throws Exception {
    vertx = Vertx.vertx();
    vertx.deployVerticle(new HelloVerticle()).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private JsonObject greet(Object body, DeliveryOptions options) throws Exception {
    Future<JsonObject> reply = vertx.eventBus().<JsonObject>request(HelloVerticle.ADDRESS, body, options)
        .map(m -> m.body());
    return reply.await(10, TimeUnit.SECONDS);
  }

  private JsonObject greet(Object body) throws Exception {
    return greet(body, new DeliveryOptions());
  }

  @Test
  void greetsTheNameInTheBody() throws Exception {
    assertThat(greet(new JsonObject().put("name", "Ada"))).isEqualTo(new JsonObject().put("greeting", "Hello, Ada!"));
  }

  @Test
  void greetsTheVerifiedUserWhenTheBodyNamesNoOne() throws Exception {
    DeliveryOptions fromAlice = new DeliveryOptions().addHeader(Addresses.HEADER_USER, "alice");

    assertThat(greet(new JsonObject(), fromAlice).getString("greeting")).isEqualTo("Hello, alice!");
    assertThat(greet(new JsonObject().put("name", "Bob"), fromAlice).getString("greeting")).isEqualTo("Hello, Bob!");
  }

  @Test
  void greetsTheWorldWithoutANameOrAUser() throws Exception {
    assertThat(greet(new JsonObject()).getString("greeting")).isEqualTo("Hello, world!");
    assertThat(greet(null).getString("greeting")).isEqualTo("Hello, world!");
    assertThat(greet(new JsonObject().put("name", "  ")).getString("greeting")).isEqualTo("Hello, world!");
  }

  @Test
  void countsCharactersNotUtf16UnitsAgainstTheLimit() throws Exception {
    String hundredEmoji = "\uD83D\uDE00".repeat(HelloVerticle.MAX_NAME_LENGTH);

    assertThat(greet(new JsonObject().put("name", hundredEmoji)).getString("greeting")).contains(hundredEmoji);
  }

  @Test
  void refusesANameLongerThan100CharactersWith400() {
    assertThatThrownBy(() -> greet(new JsonObject().put("name", "x".repeat(101))))
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("name is longer than 100 characters");
        });
  }

  @Test
  void refusesANameThatIsNotAStringOrABodyThatIsNotAnObjectWith400() {
    assertThatThrownBy(() -> greet(new JsonObject().put("name", 42)))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
    assertThatThrownBy(() -> greet("Ada"))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
  }
}
