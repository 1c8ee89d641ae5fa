package io.squall.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets one process listens on, from the kernel's own tables (Linux): what {@code ss -tlnp} shows for it.
 * A socket is the process's when its inode is one of the process's file descriptors, so a port held by another
 * process on the machine is never mistaken for the node's.
 */
final class ListeningSockets {

  private static final String LISTEN = "0A";

  /** A listening socket: the address it is bound to and its port. */
  record Listener(InetAddress address, int port) {

    /** 0.0.0.0 or ::, every interface of the machine. */
    boolean wildcard() {
      return address.isAnyLocalAddress();
    }

    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  private ListeningSockets() {
  }

  static List<Listener> of(long pid) {
    Set<String> inodes = socketInodes(pid);
    List<Listener> listeners = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (String line : lines(Path.of("/proc", String.valueOf(pid), "net", table))) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
        String[] f = line.strip().split("\\s+");
        if (f.length > 9 && LISTEN.equals(f[3]) && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
        }
      }
    }
    return listeners;
  }

  /** The inodes of the sockets among the process's open files ({@code /proc/PID/fd/N -> socket:[INODE]}). */
  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed between listing and reading: not a listening socket of interest
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }

  /** The kernel writes an address as 32-bit words in the machine's byte order, each as 8 hex digits. */
  static InetAddress address(String hex) {
    byte[] words = HexFormat.of().parseHex(hex);
    boolean swapped = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    byte[] bytes = new byte[words.length];
    for (int i = 0; i < words.length; i++) {
      bytes[i] = swapped ? words[i - i % 4 + 3 - i % 4] : words[i];
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex, e);
    }
  }

  private static List<String> lines(Path table) {
    try {
      List<String> all = Files.readAllLines(table);
      return all.subList(1, all.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
