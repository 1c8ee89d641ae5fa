package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

  @Test
  void readsTheKernelsAddressesIncludingWildcardsAndMappedIpv4() {
    assertThat(ListeningSockets.address("0100007F").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(ListeningSockets.address("00000000").isAnyLocalAddress()).isTrue();
    assertThat(ListeningSockets.address("00000000000000000000000000000000").isAnyLocalAddress()).isTrue();
    assertThat(ListeningSockets.address("00000000000000000000000001000000").isLoopbackAddress()).isTrue();
    assertThat(ListeningSockets.address("0000000000000000FFFF00000100007F").getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void findsThisProcesssListeningSocketWithItsAddressAndPort() throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      assertThat(ListeningSockets.of(ProcessHandle.current().pid()))
          .contains(new ListeningSockets.Listener(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    }
  }
}
