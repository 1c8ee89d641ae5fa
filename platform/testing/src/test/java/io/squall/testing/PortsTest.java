package io.squall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void freePortsAreBelowTheEphemeralRangeAndNeverHandedOutTwice() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Ports.free();
      assertThat(port).isBetween(1024, Ports.ephemeralLow() - 1);
      assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }
}
