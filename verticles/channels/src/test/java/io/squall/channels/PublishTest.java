package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.failure;
import static io.squall.channels.Bus.history;
import static io.squall.channels.Bus.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Publishing on a standalone node (the store is its private Hazelcast member): seq, delivery, identity, refusals. */
class PublishTest {

  private static final AtomicInteger CHANNELS = new AtomicInteger();
  private static Vertx vertx;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    Bus.deploy(vertx, new ChannelsOptions().setMaxDataSize(1024).setPresence(false));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  private static String newChannel() {
    return "room:publish-" + CHANNELS.incrementAndGet();
  }

  private static JsonObject publishRequest(String channel, Object data) {
    return new JsonObject().put("channel", channel).put("data", data);
  }

  private static ReplyException refused(JsonObject request) {
    return failure(vertx, Addresses.CHANNELS_PUBLISH, request);
  }

  @Test
  void publishAssignsIncreasingSeqFromOneAndDeliversSeqIdDataFromAndTsToSubscribers() {
    String channel = newChannel();
    try (Bus.Inbox inbox = Bus.listen(vertx, Addresses.channel(channel))) {
      long before = System.currentTimeMillis();

      assertThat(publish(vertx, channel, new JsonObject().put("text", "hi"))).isEqualTo(1);
      assertThat(publish(vertx, channel, "plain")).isEqualTo(2);
      assertThat(publish(vertx, channel, new JsonArray().add(1).add("two"))).isEqualTo(3);
      assertThat(publish(vertx, channel, 42)).isEqualTo(4);

      JsonObject first = inbox.next();
      assertThat(first.fieldNames()).containsExactlyInAnyOrder("seq", "id", "data", "from", "ts");
      assertThat(first.getLong("seq")).isEqualTo(1);
      assertThat(first.getString("id")).isNotBlank();
      assertThat(first.getJsonObject("data")).isEqualTo(new JsonObject().put("text", "hi"));
      assertThat(first.getValue("from")).isNull();
      assertThat(first.getLong("ts")).isBetween(before, System.currentTimeMillis());
      JsonObject second = inbox.next();
      assertThat(second.getString("data")).isEqualTo("plain");
      assertThat(second.getString("id")).as("one id per publish").isNotEqualTo(first.getString("id"));
      assertThat(inbox.next().getJsonArray("data")).isEqualTo(new JsonArray().add(1).add("two"));
      assertThat(inbox.next().getInteger("data")).isEqualTo(42);
    }
  }

  @Test
  void whatASubscriberReceivesHistoryAlreadyHolds() {
    String channel = newChannel();
    try (Bus.Inbox inbox = Bus.listen(vertx, Addresses.channel(channel))) {
      publish(vertx, channel, "stored first");

      JsonObject delivered = inbox.next();
      JsonArray stored = history(vertx, new JsonObject().put("channel", channel)).getJsonArray("messages");
      assertThat(stored).containsExactly(delivered);
    }
  }

  @Test
  void eachChannelHasItsOwnSequence() {
    String a = newChannel();
    String b = newChannel();

    assertThat(publish(vertx, a, "a1")).isEqualTo(1);
    assertThat(publish(vertx, a, "a2")).isEqualTo(2);
    assertThat(publish(vertx, b, "b1")).isEqualTo(1);
  }

  @Test
  void theBridgeVerifiedUserHeaderWinsOverTheBodysFrom() {
    String channel = newChannel();
    try (Bus.Inbox inbox = Bus.listen(vertx, Addresses.channel(channel))) {
      DeliveryOptions fromBridge = new DeliveryOptions().addHeader(Addresses.HEADER_USER, "alice")
          .addHeader(Addresses.HEADER_ROLES, "user");

      await(Bus.ask(vertx, Addresses.CHANNELS_PUBLISH, publishRequest(channel, "hi").put("from", "mallory"), fromBridge));

      assertThat(inbox.next().getString("from")).isEqualTo("alice");
    }
  }

  @Test
  void aGuestThroughTheBridgeHasNoFromWhateverTheBodyClaims() {
    String channel = newChannel();
    try (Bus.Inbox inbox = Bus.listen(vertx, Addresses.channel(channel))) {
      DeliveryOptions guest = new DeliveryOptions().addHeader(Addresses.HEADER_ROLES, "");

      await(Bus.ask(vertx, Addresses.CHANNELS_PUBLISH, publishRequest(channel, "hi").put("from", "alice"), guest));

      assertThat(inbox.next().getValue("from")).isNull();
    }
  }

  @Test
  void aBackendsFromIsKeptWhenNoIdentityHeaderIsPresent() {
    String channel = newChannel();
    try (Bus.Inbox inbox = Bus.listen(vertx, Addresses.channel(channel))) {
      Bus.request(vertx, Addresses.CHANNELS_PUBLISH, publishRequest(channel, "deployed").put("from", "ci-bot"));

      assertThat(inbox.next().getString("from")).isEqualTo("ci-bot");
      assertThat(history(vertx, new JsonObject().put("channel", channel)).getJsonArray("messages").getJsonObject(0)
          .getString("from")).isEqualTo("ci-bot");
    }
  }

  @Test
  void aChannelNameOutsideTheAllowedCharactersOrLengthIs400() {
    for (Object name : new Object[] {"", "a b", "x/y", "é", "a".repeat(201), "room.presence", 5, null}) {
      ReplyException e = refused(new JsonObject().put("channel", name).put("data", "x"));
      assertThat(e.failureCode()).as(String.valueOf(name)).isEqualTo(400);
    }
    assertThat(refused(publishRequest("a b", "x")).getMessage())
        .isEqualTo("channel must be 1 to 200 of A-Z a-z 0-9 . _ : @ -");
    assertThat(refused(publishRequest("room.presence", "x")).getMessage())
        .isEqualTo("channel names may not end with .presence");
    assertThat(publish(vertx, "Aa0._:@-" + "z".repeat(192), "longest and every allowed character")).isEqualTo(1);
  }

  @Test
  void aMissingOrNullDataOrAFromThatIsNotAStringIs400() {
    String channel = newChannel();

    assertThat(refused(new JsonObject().put("channel", channel)).getMessage())
        .isEqualTo("data (any JSON value but null) is required");
    assertThat(refused(new JsonObject().put("channel", channel).putNull("data")).failureCode()).isEqualTo(400);
    assertThat(refused(publishRequest(channel, "x").put("from", 7)).getMessage()).isEqualTo("from must be a string");
    ReplyException notAnObject = failure(vertx, Addresses.CHANNELS_PUBLISH, "hello");
    assertThat(notAnObject.failureCode()).isEqualTo(400);
    assertThat(notAnObject.getMessage()).isEqualTo("a JSON object body {channel, data, from?, id?} is required");
  }

  @Test
  void dataOverMaxDataSizeInUtf8Is413AndIsNotStored() {
    String channel = newChannel();
    // as JSON a string is its characters plus two quotes
    assertThat(publish(vertx, channel, "x".repeat(1022))).isEqualTo(1);

    ReplyException tooLarge = refused(publishRequest(channel, "x".repeat(1023)));
    assertThat(tooLarge.failureCode()).isEqualTo(413);
    assertThat(tooLarge.getMessage()).isEqualTo("data is larger than 1024 bytes");
    // 511 two-byte characters are 1024 bytes with the quotes; one more is over
    assertThat(publish(vertx, channel, "é".repeat(511))).isEqualTo(2);
    assertThat(refused(publishRequest(channel, "é".repeat(512))).failureCode()).isEqualTo(413);
    assertThat(refused(publishRequest(channel, new JsonObject().put("text", "y".repeat(1100)))).failureCode())
        .isEqualTo(413);

    assertThat(publish(vertx, channel, "next")).isEqualTo(3);
  }

  @Test
  void withPresenceOffJoinLeaveAndPresenceHaveNoConsumer() {
    JsonObject join = new JsonObject().put("channel", "c").put("user", "u").put("socket", "s").put("node", "n");
    for (String address : new String[] {Addresses.CHANNELS_JOIN, Addresses.CHANNELS_LEAVE,
        Addresses.CHANNELS_PRESENCE}) {
      assertThat(failure(vertx, address, join).failureType()).as(address).isEqualTo(ReplyFailure.NO_HANDLERS);
    }
  }
}
