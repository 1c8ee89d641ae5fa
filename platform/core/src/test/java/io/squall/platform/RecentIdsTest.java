package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

  @Test
  void anIdIsNewOnceThenARepeatUntilItIsOlderThanTheCapacity() {
    RecentIds ids = new RecentIds(2);

    assertThat(ids.firstTime("a")).isTrue();
    assertThat(ids.firstTime("a")).isFalse();
    assertThat(ids.firstTime("b")).isTrue();
    assertThat(ids.firstTime("c")).isTrue();
    assertThat(ids.firstTime("a")).as("forgotten: two newer ids came since").isTrue();
    assertThat(ids.firstTime("c")).isFalse();
  }

  @Test
  void messagesWithoutAnIdAreAlwaysNew() {
    RecentIds ids = new RecentIds(2);

    assertThat(ids.firstTime(null)).isTrue();
    assertThat(ids.firstTime(null)).isTrue();
  }
}
