package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.channels.ChannelsVerticle;
import io.squall.platform.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The room rules on the event bus, with the real channels service behind them. */
class ChatVerticleTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    await(vertx.deployVerticle(new ChannelsVerticle()));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private void chat(ChatOptions options) {
    await(vertx.deployVerticle(new ChatVerticle(), new DeploymentOptions().setConfig(options.toJson())));
  }

  private JsonObject ask(String address, JsonObject body, String user) {
    DeliveryOptions delivery = new DeliveryOptions();
    if (user != null) {
      delivery.addHeader(Addresses.HEADER_USER, user).addHeader(Addresses.HEADER_ROLES, "user");
    }
    return await(vertx.eventBus().<JsonObject>request(address, body, delivery)).body();
  }

  private ReplyException refused(String address, JsonObject body, String user) {
    try {
      ask(address, body, user);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ReplyException re) {
        return re;
      }
      throw e;
    }
    throw new AssertionError("accepted: " + body);
  }

  private static JsonObject post(String room, String text) {
    return new JsonObject().put("room", room).put("text", text);
  }

  @Test
  void aPostIsStoredAsTheVerifiedUserAndShowsOnTheRoomPage() {
    chat(new ChatOptions());

    assertThat(ask("chat.post", post("lobby", "  hello  ").put("from", "mallory"), "alice").getLong("seq")).isEqualTo(1L);
    JsonObject page = ask("chat.room", new JsonObject().put("path", new JsonObject().put("room", "lobby")), "alice");

    JsonObject message = page.getJsonArray("messages").getJsonObject(0);
    assertThat(message.getString("from")).isEqualTo("alice");
    assertThat(message.getJsonObject("data")).isEqualTo(new JsonObject().put("text", "hello"));
    assertThat(page.getLong("last_seq")).isEqualTo(1L);
    assertThat(page.getString("room")).isEqualTo("lobby");
  }

  @Test
  void anEmptyRoomPageResumesFromTheStart() {
    chat(new ChatOptions());

    JsonObject page = ask("chat.room", new JsonObject().put("path", new JsonObject().put("room", "quiet")), "bob");

    assertThat(page.getJsonArray("messages")).isEmpty();
    assertThat(page.getLong("last_seq")).isZero();
  }

  @Test
  void badPostsAreRefusedWithAReason() {
    chat(new ChatOptions().setMaxLength(10));

    assertThat(refused("chat.post", post("lobby", "hi"), null).failureCode()).isEqualTo(401);
    assertThat(refused("chat.post", post("lobby", "   "), "alice").failureCode()).isEqualTo(400);
    ReplyException tooLong = refused("chat.post", post("lobby", "x".repeat(11)), "alice");
    assertThat(tooLong.failureCode()).isEqualTo(413);
    assertThat(tooLong.getMessage()).isEqualTo("a message has at most 10 characters");
    assertThat(refused("chat.post", post("../admin", "hi"), "alice").failureCode()).isEqualTo(400);
    assertThat(refused("chat.post", post("Lobby", "hi"), "alice").failureCode()).isEqualTo(400);
  }

  @Test
  void theLengthLimitCountsCharactersNotUtf16Units() {
    chat(new ChatOptions().setMaxLength(3));

    assertThat(ask("chat.post", post("lobby", "😀😀😀"), "alice").getLong("seq")).isPositive();
  }

  @Test
  void closedRoomListsRefuseOtherRooms() {
    chat(new ChatOptions().setOpenRooms(false));

    assertThat(refused("chat.room", new JsonObject().put("path", new JsonObject().put("room", "secret")), "alice")
        .failureCode()).isEqualTo(404);
    assertThat(ask("chat.rooms", new JsonObject(), null).getJsonArray("rooms")).containsExactly("lobby", "random");
  }

  @Test
  void guestsPostUnderANicknameOnlyWhenAllowed() {
    chat(new ChatOptions().setGuests(true));

    ask("chat.post", post("lobby", "hi").put("nick", "zed"), null);
    JsonObject history = ask("chat.history", new JsonObject().put("room", "lobby").put("since", "0"), null);

    assertThat(history.getJsonArray("messages").getJsonObject(0).getString("from")).isEqualTo("guest zed");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e.getCause() != null ? e.getCause() : e);
    }
  }
}
