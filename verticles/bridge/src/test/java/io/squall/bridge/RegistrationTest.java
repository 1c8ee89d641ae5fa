package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * What a registration reads from a socket's frame and a channel's messages, at the edges: a {@code since} of any shape
 * (the replay loop began with one too large), a message's seq, and which addresses are channel streams.
 */
class RegistrationTest {

  @Test
  void aSinceIsANumberOrNumericStringAndAnythingElseIsNoResume() {
    assertThat(Registration.seq(0)).isZero();
    assertThat(Registration.seq(41L)).isEqualTo(41);
    assertThat(Registration.seq(" 41 ")).isEqualTo(41);
    assertThat(Registration.seq(41.9)).isEqualTo(41);
    for (Object none : new Object[] {null, "", "abc", "4x", "-", true, new JsonObject()}) {
      assertThat(Registration.seq(none)).as(String.valueOf(none)).isEqualTo(-1);
    }
    assertThat(Registration.seq(-5)).as("negative").isEqualTo(-1);
    assertThat(Registration.seq(-5L)).isEqualTo(-1);
    assertThat(Registration.seq("-5")).isEqualTo(-1);
    assertThat(Registration.seq(-2.5)).isEqualTo(-1);
  }

  @Test
  void aSinceTooBigForALongSaturatesInsteadOfWrapping() {
    assertThat(Registration.seq(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(Registration.seq("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Registration.seq("18446744073709551617")).as("2^64 + 1 would wrap to 1").isEqualTo(Long.MAX_VALUE);
    assertThat(Registration.seq("+18446744073709551617")).isEqualTo(Long.MAX_VALUE);
    assertThat(Registration.seq(new BigInteger("18446744073709551617"))).isEqualTo(Long.MAX_VALUE);
    assertThat(Registration.seq(1e300)).isEqualTo(Long.MAX_VALUE);
    assertThat(Registration.seq("1e300")).as("not digits").isEqualTo(-1);
  }

  @Test
  void aMessagesSeqIsANonNegativeIntegerUpToTwoToThe53MinusOne() {
    assertThat(Registration.seqOf(new JsonObject().put("seq", 0))).isZero();
    assertThat(Registration.seqOf(new JsonObject().put("seq", 7L))).isEqualTo(7);
    assertThat(Registration.seqOf(new JsonObject().put("seq", Registration.MAX_SEQ))).isEqualTo(Registration.MAX_SEQ);
    assertThat(Registration.seqOf(new JsonObject().put("seq", Registration.MAX_SEQ + 1))).isEqualTo(-1);
    assertThat(Registration.seqOf(new JsonObject().put("seq", -1))).isEqualTo(-1);
    assertThat(Registration.seqOf(new JsonObject().put("seq", 7.0))).as("not an integer").isEqualTo(-1);
    assertThat(Registration.seqOf(new JsonObject().put("seq", "7"))).isEqualTo(-1);
    assertThat(Registration.seqOf(new JsonObject())).isEqualTo(-1);
    assertThat(Registration.seqOf("seq 7")).isEqualTo(-1);
    assertThat(Registration.MAX_SEQ).isEqualTo(9_007_199_254_740_991L);
  }

  @Test
  void onlyAChannelsMessageStreamIsAChannel() {
    assertThat(Registration.channelOf("channel.room.lobby")).isEqualTo("room.lobby");
    assertThat(new Registration("channel.x").channel).isEqualTo("x");
    assertThat(Registration.channelOf("channel.room.lobby.presence")).as("its presence stream").isNull();
    assertThat(Registration.channelOf("channel.")).isNull();
    assertThat(Registration.channelOf("chat.post")).isNull();
    assertThat(Registration.channelOf("xchannel.room")).isNull();
  }

  @Test
  void framesHeldWhileCatchingUpAreKeptBySeq() {
    Registration registration = new Registration("channel.room");
    registration.hold(5, "five");
    registration.hold(3, null);
    registration.hold(5, "five again");

    assertThat(registration.held.keySet()).containsExactly(3L, 5L);
    assertThat(registration.held.get(3L)).as("a seq with nothing to deliver").isNull();
    assertThat(registration.held.get(5L)).isEqualTo("five again");
  }
}
