package io.squall.http;

import static io.squall.http.HostileNode.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpRejects.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients (slowloris): a client that trickles its headers or body a byte at a time is never idle, so only the
 * header and body timeouts stop it from holding a connection for ever. Timeouts here are 1 s (headers, body) and 3 s
 * (idle); the trickle sends a byte every 200 ms, paced by a bounded socket read (which also notices the close).
 */
class SlowClientAbuseTest {

  private static final int PACE_MS = 200;
  /** A trickle that outlives this was never cut off. */
  private static final long GIVE_UP_MS = 8_000;

  @TempDir
  static Path dir;
  private static HostileNode node;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(dir.resolve("static"));
    node = new HostileNode(dir, "headerTimeout: 1", "bodyTimeout: 1", "idleTimeout: 3");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void headersTrickledByteByByteAreCutOffAtTheHeaderTimeout() throws Exception {
    double before = node.rejected(Reason.HEADER_TIMEOUT);
    try (Socket socket = node.connect()) {
      HostileNode.send(socket, "GET /echo HTTP/1.1\r\n" + HOST);
      long millis = trickleUntilClosed(socket, "X-Slow: " + "a".repeat(1000));
      assertThat(millis).as("ms until closed").isBetween(800L, 4_000L);
    }
    node.awaitRejected(Reason.HEADER_TIMEOUT, before + 1);
    node.assertStillServing();
  }

  @Test
  void aBodyTrickledByteByByteIsCutOffAtTheBodyTimeout() throws Exception {
    double before = node.rejected(Reason.BODY_TIMEOUT);
    try (Socket socket = node.connect()) {
      HostileNode.send(socket, "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 1000\r\n\r\n");
      long millis = trickleUntilClosed(socket, "b".repeat(1000));
      assertThat(millis).as("ms until closed").isBetween(800L, 4_000L);
    }
    node.awaitRejected(Reason.BODY_TIMEOUT, before + 1);
    node.assertStillServing();
  }

  @Test
  void aKeepAliveConnectionLeftIdleIsClosedAndCounted() throws Exception {
    double before = node.rejected(Reason.IDLE_TIMEOUT);
    try (Socket socket = node.connect()) {
      HostileNode.send(socket, "GET /echo HTTP/1.1\r\n" + HOST + "\r\n");
      assertThat(HostileNode.readResponse(socket)).startsWith("HTTP/1.1 200 ");
      long idleSince = System.nanoTime();
      // idle, not slow: neither the header nor the body timer runs between requests, so this takes the idle timeout
      assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
      assertThat((System.nanoTime() - idleSince) / 1_000_000).as("ms until closed").isBetween(2_500L, 4_900L);
    }
    node.awaitRejected(Reason.IDLE_TIMEOUT, before + 1);
    node.assertStillServing();
  }

  @Test
  void aRequestSentWithinTheTimeoutsIsServedAndTheConnectionKeptAlive() throws Exception {
    try (Socket socket = node.connect()) {
      for (int i = 0; i < 3; i++) {
        HostileNode.send(socket, "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello");
        assertThat(HostileNode.readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 5 bytes");
      }
    }
  }

  /**
   * Sends {@code bytes} one at a time, each after a read that waits {@link #PACE_MS} for the server to close the
   * connection; returns the milliseconds until it did. Fails if all was sent or {@link #GIVE_UP_MS} passed first.
   */
  private static long trickleUntilClosed(Socket socket, String bytes) throws IOException {
    socket.setSoTimeout(PACE_MS);
    InputStream in = socket.getInputStream();
    long start = System.nanoTime();
    for (int i = 0; i < bytes.length(); i++) {
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("still open after trickling for ms").isLessThan(GIVE_UP_MS);
      try {
        if (in.read() < 0) {
          return millis;
        }
        throw new AssertionError("the server answered a request it has not fully received");
      } catch (SocketTimeoutException stillOpen) {
        // the pace: nothing from the server within PACE_MS
      } catch (SocketException reset) {
        return millis;
      }
      try {
        socket.getOutputStream().write(bytes.charAt(i));
        socket.getOutputStream().flush();
      } catch (SocketException closed) {
        return (System.nanoTime() - start) / 1_000_000;
      }
    }
    throw new AssertionError("sent all " + bytes.length() + " bytes without being cut off");
  }
}
