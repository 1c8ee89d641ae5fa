package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.failure;
import static io.squall.channels.Bus.join;
import static io.squall.channels.Bus.leave;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presence on a standalone node: node ids are opaque strings here (no cluster to check them against). */
class PresenceTest {

  private static final AtomicInteger CHANNELS = new AtomicInteger();
  private static Vertx vertx;
  private static ChannelsVerticle verticle;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    verticle = Bus.deploy(vertx, new ChannelsOptions());
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  private static String newChannel() {
    return "presence-" + CHANNELS.incrementAndGet();
  }

  private static JsonArray members(String channel) {
    return Bus.request(vertx, Addresses.CHANNELS_PRESENCE, new JsonObject().put("channel", channel))
        .getJsonArray("members");
  }

  private static List<String> users(String channel) {
    return members(channel).stream().map(m -> ((JsonObject) m).getString("user")).toList();
  }

  private static JsonObject event(String type, String user) {
    return new JsonObject().put("type", type).put("user", user);
  }

  /** The event without its ts, which the test cannot know. */
  private static JsonObject withoutTs(JsonObject event) {
    assertThat(event.getLong("ts")).isPositive();
    JsonObject copy = event.copy();
    copy.remove("ts");
    return copy;
  }

  @Test
  void presenceListsEachUserOnceWithTheEarliestSinceOfTheirSockets() {
    String channel = newChannel();
    long before = System.currentTimeMillis();
    join(vertx, channel, "alice", "s1", "n1");
    join(vertx, channel, "bob", "s2", "n1");
    join(vertx, channel, "alice", "s3", "n2");

    JsonArray members = members(channel);
    assertThat(users(channel)).containsExactly("alice", "bob");
    long aliceSince = members.getJsonObject(0).getLong("since");
    assertThat(aliceSince).isBetween(before, members.getJsonObject(1).getLong("since"));
    assertThat(members.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("user", "since");

    leave(vertx, channel, "s1", "n1");
    assertThat(users(channel)).as("alice still has s3").contains("alice");
    assertThat(members(channel).stream().map(m -> (JsonObject) m)
        .filter(m -> m.getString("user").equals("alice")).findFirst().orElseThrow().getLong("since"))
        .isGreaterThanOrEqualTo(aliceSince);
  }

  @Test
  void joinAndLeaveEventsGoOutOnlyForAUsersFirstAndLastSocket() {
    String channel = newChannel();
    try (Bus.Inbox events = Bus.listen(vertx, Addresses.presence(channel))) {
      join(vertx, channel, "alice", "s1", "n1");
      join(vertx, channel, "alice", "s2", "n2");  // second socket: no event
      join(vertx, channel, "bob", "s3", "n1");
      leave(vertx, channel, "s1", "n1");          // alice still has s2: no event
      leave(vertx, channel, "s3", "n1");
      leave(vertx, channel, "s2", "n2");

      assertThat(withoutTs(events.next())).isEqualTo(event("join", "alice"));
      assertThat(withoutTs(events.next())).isEqualTo(event("join", "bob"));
      assertThat(withoutTs(events.next())).isEqualTo(event("leave", "bob"));
      assertThat(withoutTs(events.next())).isEqualTo(event("leave", "alice"));
      assertThat(members(channel)).isEmpty();
    }
  }

  @Test
  void theSameSocketIdOnTwoNodesIsTwoSocketsAndARepeatedJoinIsOne() {
    String channel = newChannel();
    join(vertx, channel, "alice", "s1", "n1");
    join(vertx, channel, "alice", "s1", "n2");
    join(vertx, channel, "alice", "s1", "n2");

    leave(vertx, channel, "s1", "n1");
    assertThat(users(channel)).containsExactly("alice");
    leave(vertx, channel, "s1", "n2");
    assertThat(users(channel)).isEmpty();
  }

  @Test
  void aLeaveThatOvertakesItsJoinCancelsThatJoinOnly() {
    String channel = newChannel();
    try (Bus.Inbox events = Bus.listen(vertx, Addresses.presence(channel))) {
      // two verticle instances may handle one socket's join and leave in either order
      leave(vertx, channel, "s1", "n1");
      join(vertx, channel, "alice", "s1", "n1");
      assertThat(members(channel)).isEmpty();

      // the socket registers again: this join counts
      join(vertx, channel, "alice", "s1", "n1");
      assertThat(users(channel)).containsExactly("alice");
      assertThat(withoutTs(events.next())).isEqualTo(event("join", "alice"));
      assertThat(events.pending()).isZero();
    }
  }

  @Test
  void sweepingANodeRemovesItsSocketsAndSendsLeavesOnceForUsersWithNoSocketLeft() {
    String channel = newChannel();
    String other = newChannel();
    join(vertx, channel, "alice", "s1", "dead");
    join(vertx, channel, "bob", "s2", "dead");
    join(vertx, channel, "bob", "s3", "alive");
    join(vertx, other, "carol", "s4", "dead");
    try (Bus.Inbox events = Bus.listen(vertx, Addresses.presence(channel));
         Bus.Inbox otherEvents = Bus.listen(vertx, Addresses.presence(other))) {

      await(verticle.presence().sweep("dead"));
      await(verticle.presence().sweep("dead"));  // every channels verticle sweeps: the second finds nothing

      assertThat(users(channel)).containsExactly("bob");
      assertThat(members(other)).isEmpty();
      assertThat(withoutTs(events.next())).isEqualTo(event("leave", "alice"));
      assertThat(withoutTs(otherEvents.next())).isEqualTo(event("leave", "carol"));
      assertThat(events.pending() + otherEvents.pending()).isZero();
    }
  }

  @Test
  void anUnknownChannelHasNoMembers() {
    assertThat(members(newChannel())).isEmpty();
  }

  @Test
  void badJoinAndLeaveBodiesAre400() {
    JsonObject join = new JsonObject().put("channel", "c").put("user", "u").put("socket", "s").put("node", "n");
    for (String key : List.of("channel", "user", "socket", "node")) {
      JsonObject missing = join.copy();
      missing.remove(key);
      ReplyException e = failure(vertx, Addresses.CHANNELS_JOIN, missing);
      assertThat(e.failureCode()).as(key).isEqualTo(400);
    }
    assertThat(failure(vertx, Addresses.CHANNELS_JOIN, join.copy().put("user", "")).getMessage())
        .isEqualTo("user (a string of 1 to 200 characters) is required");
    assertThat(failure(vertx, Addresses.CHANNELS_LEAVE, new JsonObject().put("channel", "c").put("socket", "s"))
        .failureCode()).isEqualTo(400);
    assertThat(failure(vertx, Addresses.CHANNELS_PRESENCE, new JsonObject().put("channel", "a b")).failureCode())
        .isEqualTo(400);
  }

  @Test
  void joinAndLeaveCarryingABrowsersIdentityAre403() {
    String channel = newChannel();
    DeliveryOptions browser = new DeliveryOptions().addHeader(Addresses.HEADER_USER, "mallory");
    JsonObject join = new JsonObject().put("channel", channel).put("user", "alice").put("socket", "s").put("node", "n");

    ReplyException e = failure(Bus.ask(vertx, Addresses.CHANNELS_JOIN, join, browser));
    assertThat(e.failureCode()).isEqualTo(403);
    assertThat(failure(Bus.ask(vertx, Addresses.CHANNELS_LEAVE, join, browser)).failureCode()).isEqualTo(403);
    assertThat(members(channel)).isEmpty();
  }
}
