package io.squall.bridge;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written on a plain {@link Socket}, so that a test controls every bit of every frame: FIN, RSV,
 * opcode, length and payload, including what no well-behaved client library would send (fragmented control frames,
 * invalid UTF-8, compressed frames without a negotiated extension).
 */
final class RawWebSocket implements AutoCloseable {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;

  /** A frame the server sent; {@link #closeCode()} is the status of a close frame (1005 when it has none). */
  record Frame(boolean fin, int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  final int status;
  final Map<String, String> headers;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket, int status, Map<String, String> headers) throws IOException {
    this.socket = socket;
    this.status = status;
    this.headers = headers;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Sends the upgrade request with {@code extra} headers and reads the response head (101 or a refusal). */
  static RawWebSocket open(int port, String path, Map<String, String> extra) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
          + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n");
      extra.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      String statusLine = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
      }
      return new RawWebSocket(socket, Integer.parseInt(statusLine.split(" ")[1]), headers);
    } catch (IOException e) {
      throw new AssertionError("upgrade failed", e);
    }
  }

  static RawWebSocket open(int port, String path) {
    return open(port, path, Map.of());
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed in the response head: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** Writes one frame as given (masked, as a client must); {@code rsv} is the 3 RSV bits (RSV1 = 4). */
  RawWebSocket frame(boolean fin, int rsv, int opcode, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      // the server may already have closed: what it sent is read next
    }
    return this;
  }

  RawWebSocket text(String text) {
    return frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next frame from the server, or null when the connection ended (or nothing came within {@code timeout}). */
  Frame read(Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      int b0 = in.read();
      if (b0 < 0) {
        return null;
      }
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      return new Frame((b0 & 0x80) != 0, b0 & 0x0f, payload);
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads until the server's close frame: its status code, or 1006 when the connection ended without one. */
  int awaitClose(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Frame frame = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (frame == null) {
        return 1006;
      }
      if (frame.opcode() == CLOSE) {
        return frame.closeCode();
      }
    }
    throw new AssertionError("the server did not close within " + timeout);
  }

  /** The next text frame (skipping pings and SockJS heartbeats); fails when the connection ends first. */
  String awaitText(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Frame frame = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (frame == null || frame.opcode() == CLOSE) {
        throw new AssertionError("connection ended before a text frame: " + frame);
      }
      if (frame.opcode() == TEXT && !"h".equals(frame.text())) {
        return frame.text();
      }
    }
    throw new AssertionError("no text frame within " + timeout);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
