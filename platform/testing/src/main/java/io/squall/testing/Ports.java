package io.squall.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on loopback, for the few tests that must know a port before the node starts: a node restarted on
 * the same port, a load balancer configured up front, a page whose bridge is on the next port. Everything else
 * listens on port 0 and asks the node ({@code Node.port("http")}, {@code SquallProcess.port("http")}).
 *
 * <p>They come from just below the kernel's ephemeral range, never twice in one JVM. A port from {@code bind(0)} is
 * an ephemeral one: between being handed out and being bound by a node that starts later (or starts again after a
 * restart), it can be taken by any outgoing connection or by an event bus listening on port 0, and the node then
 * fails with "Address already in use".
 */
public final class Ports {

  private static final int SPAN = 12_000;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private Ports() {
  }

  public static int free() {
    int high = ephemeralLow();
    int low = Math.max(1024, high - SPAN);
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(low, high);
      if (isFree(port) && GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on loopback in " + low + ".." + (high - 1));
  }

  /** A free port whose next port is free too (a page's bridge is on the next port: 8080, 8081). */
  public static int freePair() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = free();
      if (isFree(port + 1) && GIVEN.add(port + 1)) {
        return port;
      }
    }
    throw new IllegalStateException("no two free consecutive ports on loopback");
  }

  /** The first port of the kernel's ephemeral range (Linux's default when it cannot be read). */
  static int ephemeralLow() {
    // a line reader: Files.readString trusts the size procfs reports and returned "3" for "32768\t60999" here
    try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      int low = Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
      return low > 1024 + SPAN ? low : 32768;
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
