package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bridge's permission rules one case at a time, without a socket (BridgeTest and BridgeAbuseTest show them over
 * real ones): deny-all, exact and whole-address regex, Vert.x's own addresses, {user}, body match and role.
 */
class PermitsTest {

  private static final Identity ALICE = new Identity("alice", List.of("user"));
  private static final Identity ADMIN = new Identity("root", List.of("user", "admin"));

  private static Permits permits(PermitOptions... options) {
    return new Permits(List.of(options));
  }

  @Test
  void noPermitAllowsNothing() {
    Permits none = permits();

    assertThat(none.allows("chat.post", new JsonObject(), ADMIN)).isFalse();
    assertThat(none.allowsAddress("chat.post", ADMIN)).isFalse();
    assertThat(none.hasBodyMatch()).isFalse();
  }

  @Test
  void anExactAddressAllowsThatAddressOnly() {
    Permits exact = permits(new PermitOptions().setAddress("chat.post"));

    assertThat(exact.hasBodyMatch()).as("no body to check").isFalse();
    assertThat(exact.allows("chat.post", "x", Identity.ANONYMOUS)).isTrue();
    assertThat(exact.allowsAddress("chat.post", Identity.ANONYMOUS)).isTrue();
    for (String other : List.of("chat.post2", "xchat.post", "chat", "chat.pos")) {
      assertThat(exact.allows(other, "x", ADMIN)).as(other).isFalse();
      assertThat(exact.allowsAddress(other, ADMIN)).as(other).isFalse();
    }
  }

  @Test
  void aRegexMustMatchTheWholeAddress() {
    Permits regex = permits(new PermitOptions().setAddressRegex("channel\\.room\\.[a-z]+"));

    assertThat(regex.allows("channel.room.lobby", null, ALICE)).isTrue();
    assertThat(regex.allowsAddress("channel.room.lobby", ALICE)).isTrue();
    for (String other : List.of("channel.room.lobby.presence", "xchannel.room.lobby", "channel.room.", "channel.room.A")) {
      assertThat(regex.allows(other, null, ALICE)).as(other).isFalse();
      assertThat(regex.allowsAddress(other, ALICE)).as(other).isFalse();
    }
  }

  @Test
  void noPermitOpensVertxsOwnAddressesHoweverBroad() {
    Permits everything = permits(new PermitOptions().setAddressRegex(".*"),
        new PermitOptions().setAddress("__vertx.reply.1"));

    assertThat(everything.allows("anything.at.all", null, Identity.ANONYMOUS)).isTrue();
    for (String internal : List.of("__vertx.reply.1", "__vertx.reply.2", "__vertx.anything")) {
      assertThat(everything.allows(internal, null, ADMIN)).as(internal).isFalse();
      assertThat(everything.allowsAddress(internal, ADMIN)).as(internal).isFalse();
    }
  }

  @Test
  void userInAnExactAddressIsTheSocketsOwnUserAndNeverAnAnonymousOne() {
    Permits inbox = permits(new PermitOptions().setAddress("user.{user}.inbox"));

    assertThat(inbox.allows("user.alice.inbox", null, ALICE)).isTrue();
    assertThat(inbox.allowsAddress("user.alice.inbox", ALICE)).isTrue();
    assertThat(inbox.allowsAddress("user.root.inbox", ALICE)).as("someone else's").isFalse();
    assertThat(inbox.allows("user.{user}.inbox", null, Identity.ANONYMOUS)).as("the literal name").isFalse();
    assertThat(inbox.allowsAddress("user.null.inbox", Identity.ANONYMOUS)).isFalse();
  }

  @Test
  void userInARegexIsQuotedAndNeverMatchesAnAnonymousSocket() {
    Permits inbox = permits(new PermitOptions().setAddressRegex("user\\.{user}\\.(inbox|outbox)"));
    Identity dotted = new Identity("a.c", List.of());

    assertThat(inbox.allows("user.alice.outbox", null, ALICE)).isTrue();
    assertThat(inbox.allows("user.a.c.inbox", null, dotted)).isTrue();
    assertThat(inbox.allows("user.abc.inbox", null, dotted)).as("the id's dot is not a wildcard").isFalse();
    assertThat(inbox.allows("user.root.inbox", null, ALICE)).isFalse();
    assertThat(inbox.allowsAddress("user.alice.inbox", Identity.ANONYMOUS)).isFalse();
    assertThat(inbox.allows("user.null.inbox", null, Identity.ANONYMOUS)).isFalse();
  }

  @Test
  void aMatchNeedsEveryFieldEqualInAJsonBody() {
    Permits match = permits(new PermitOptions().setAddress("orders").setMatch(
        new JsonObject().put("action", "read").put("shop", 7)));

    assertThat(match.hasBodyMatch()).isTrue();
    assertThat(match.allows("orders", new JsonObject().put("action", "read").put("shop", 7).put("extra", 1), ALICE))
        .as("other fields may come along").isTrue();
    assertThat(match.allows("orders", new JsonObject().put("action", "read").put("shop", 8), ALICE)).isFalse();
    assertThat(match.allows("orders", new JsonObject().put("action", "read"), ALICE)).as("a field missing").isFalse();
    assertThat(match.allows("orders", "action=read&shop=7", ALICE)).as("not a JSON object").isFalse();
    assertThat(match.allows("orders", null, ALICE)).isFalse();
    assertThat(match.allowsAddress("orders", ALICE)).as("listening is allowed; each message's body is checked")
        .isTrue();
  }

  @Test
  void aRoleIsRequiredForSendingAndListeningAlike() {
    Permits admins = permits(new PermitOptions().setAddress("admin.kick").setRole("admin"));

    assertThat(admins.allows("admin.kick", null, ADMIN)).isTrue();
    assertThat(admins.allowsAddress("admin.kick", ADMIN)).isTrue();
    assertThat(admins.allows("admin.kick", null, ALICE)).isFalse();
    assertThat(admins.allowsAddress("admin.kick", ALICE)).isFalse();
    assertThat(admins.allows("admin.kick", null, Identity.ANONYMOUS)).isFalse();
  }

  @Test
  void onePermitThatAllowsIsEnoughAfterOthersThatDoNot() {
    Permits two = permits(new PermitOptions().setAddress("a").setRole("admin"),
        new PermitOptions().setAddressRegex("a|b"));

    assertThat(two.allows("a", null, ALICE)).isTrue();
    assertThat(two.allowsAddress("b", ALICE)).isTrue();
    assertThat(two.allows("c", null, ADMIN)).isFalse();
  }

  @Test
  void aPermitNeedsOneOfAddressAndRegexAndARegexThatCompiles() {
    assertThat(check(new PermitOptions())).isEqualTo("a permit needs address or addressRegex");
    assertThat(check(new PermitOptions().setAddress("a").setAddressRegex("a")))
        .isEqualTo("addressRegex: a permit takes address or addressRegex, not both");
    assertThat(check(new PermitOptions().setAddressRegex("chat.("))).startsWith("addressRegex: is not a regex: ");
    assertThat(check(new PermitOptions().setAddressRegex("user\\.{user}\\.inbox"))).isEmpty();
    assertThat(check(new PermitOptions().setAddress("user.{user}.inbox"))).isEmpty();
  }

  /** The permit's problems as the config check words them, joined; empty when it is fine. */
  private static String check(PermitOptions permit) {
    return String.join("; ", PermitOptions.KEYS.check(permit.toJson(), PermitsTest.class.getClassLoader()).stream()
        .map(Object::toString).toList());
  }

  @Test
  void anIdentityComesFromTheUserShapeOfAuthAndSessions() {
    Identity alice = Identity.of(new JsonObject().put("id", "alice").put("roles", new JsonArray().add("user").add(7)));

    assertThat(alice.user()).isEqualTo("alice");
    assertThat(alice.roles()).containsExactly("user", "7");
    assertThat(alice.rolesHeader()).isEqualTo("user,7");
    assertThat(alice.isAnonymous()).isFalse();
    assertThat(Identity.of(new JsonObject().put("id", "bob").put("roles", "admin")).roles()).as("not a list").isEmpty();
    assertThat(Identity.of(new JsonObject().put("name", "no id"))).isNull();
    assertThat(Identity.of(null)).isNull();
    assertThat(Identity.ANONYMOUS.isAnonymous()).isTrue();
    assertThat(Identity.ANONYMOUS.rolesHeader()).isEmpty();
  }

  @Test
  void permitOptionsGoToJsonAndBackWithACopyOfTheMatch() {
    JsonObject match = new JsonObject().put("action", "read");
    PermitOptions options = new PermitOptions().setAddressRegex("a.*").setMatch(match).setRole("admin");
    PermitOptions copy = new PermitOptions(options);
    match.put("action", "write");

    assertThat(copy.toJson()).isEqualTo(new JsonObject().put("addressRegex", "a.*")
        .put("match", new JsonObject().put("action", "read")).put("role", "admin"));
    assertThat(new PermitOptions(new JsonObject().put("address", "b")).toJson())
        .isEqualTo(new JsonObject().put("address", "b"));
    assertThat(new PermitOptions().toJson()).isEmpty();
  }
}
