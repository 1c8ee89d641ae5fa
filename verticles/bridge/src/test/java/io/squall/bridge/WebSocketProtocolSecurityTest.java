package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.BridgeClient;
import io.squall.testing.SquallNodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebSocket protocol abuse, written bit by bit on a plain socket, against both WebSocket endpoints of the bridge
 * (the raw one and SockJS's): compression bombs, oversize frames and messages, fragmented control frames, invalid
 * UTF-8, cross-origin upgrades. Each is refused with the right close (or status), counted, and leaves the node, its
 * neighbours and new sockets working.
 */
class WebSocketProtocolSecurityTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String RAW = "/eventbus/websocket";
  private static final String SOCKJS = "/eventbus/000/{session}/websocket";

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  private AttackedNode node;

  @BeforeEach
  void start() throws IOException {
    node = AttackedNode.start(nodes, dir);
  }

  /** Opens a socket at {@code path} (a SockJS one gets its session id and its open frame read). */
  private RawWebSocket open(String path, Map<String, String> headers) {
    RawWebSocket ws = RawWebSocket.open(node.port, path.replace("{session}", UUID.randomUUID().toString()), headers);
    assertThat(ws.status).as("upgrade status").isEqualTo(101);
    if (path.equals(SOCKJS)) {
      assertThat(ws.awaitText(WAIT)).isEqualTo("o");
    }
    return ws;
  }

  private RawWebSocket open(String path) {
    return open(path, Map.of());
  }

  /** RFC 7692 payload: raw DEFLATE without the trailing empty stored block. */
  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (true) {
      int n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, n);
      if (n < chunk.length && deflater.needsInput()) {
        break;
      }
    }
    deflater.end();
    byte[] bytes = out.toByteArray();
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  @ParameterizedTest
  @ValueSource(strings = {RAW, SOCKJS})
  void permessageDeflateIsNotNegotiatedSoACompressedBombIsAProtocolErrorNotInflated(String path) {
    BridgeClient neighbour = node.neighbour();
    double before = node.rejects("protocol_error");
    // 64 MiB of spaces inside a JSON string: ~64 KB on the wire once deflated
    byte[] bomb = new byte[64 * 1024 * 1024];
    Arrays.fill(bomb, (byte) ' ');
    byte[] prefix = "{\"type\":\"publish\",\"address\":\"in.orders\",\"body\":\"".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(prefix, 0, bomb, 0, prefix.length);
    byte[] compressed = deflate(bomb);
    assertThat(compressed.length).isLessThan(AttackedNode.MAX_MESSAGE * 64);

    try (RawWebSocket ws = open(path, Map.of("Sec-WebSocket-Extensions",
        "permessage-deflate; client_max_window_bits, x-webkit-deflate-frame"))) {
      assertThat(ws.headers).as("no compression extension accepted").doesNotContainKey("sec-websocket-extensions");
      ws.frame(true, 4, RawWebSocket.TEXT, compressed);

      assertThat(ws.awaitClose(WAIT)).isEqualTo(1002);
    }
    node.awaitCounted("protocol_error", before);
    assertThat(node.orders).isEmpty();
    node.assertStillServing(neighbour);
  }

  @Test
  void aFrameOverMaxFrameSizeClosesWith1009() {
    BridgeClient neighbour = node.neighbour();
    double before = node.rejects("too_big");

    try (RawWebSocket ws = open(RAW)) {
      ws.text("{\"type\":\"publish\",\"address\":\"in.orders\",\"body\":\"" + "x".repeat(AttackedNode.MAX_FRAME) + "\"}");

      assertThat(ws.awaitClose(WAIT)).isEqualTo(1009);
    }
    node.awaitCounted("too_big", before);
    assertThat(node.orders).isEmpty();
    node.assertStillServing(neighbour);
  }

  @ParameterizedTest
  @ValueSource(strings = {RAW, SOCKJS})
  void aMessageOverMaxMessageSizeInSmallFragmentsClosesWith1009(String path) {
    BridgeClient neighbour = node.neighbour();
    double before = node.rejects("too_big");
    byte[] fragment = "x".repeat(AttackedNode.MAX_FRAME - 24).getBytes(StandardCharsets.UTF_8);

    try (RawWebSocket ws = open(path)) {
      ws.frame(false, 0, RawWebSocket.TEXT, "[\"{\\\"type\\\":\\\"publish\\\",\\\"body\\\":\\\"".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i * fragment.length <= AttackedNode.MAX_MESSAGE; i++) {
        ws.frame(false, 0, RawWebSocket.CONTINUATION, fragment);
      }
      ws.frame(true, 0, RawWebSocket.CONTINUATION, "\\\"}\"]".getBytes(StandardCharsets.UTF_8));

      assertThat(ws.awaitClose(WAIT)).isEqualTo(1009);
    }
    node.awaitCounted("too_big", before);
    assertThat(node.orders).isEmpty();
    node.assertStillServing(neighbour);
  }

  @ParameterizedTest
  @ValueSource(strings = {RAW, SOCKJS})
  void aFragmentedControlFrameClosesWith1002(String path) {
    BridgeClient neighbour = node.neighbour();
    double before = node.rejects("protocol_error");

    try (RawWebSocket ws = open(path)) {
      ws.frame(false, 0, RawWebSocket.PING, "half a ping".getBytes(StandardCharsets.UTF_8));
      ws.frame(true, 0, RawWebSocket.CONTINUATION, "and the rest".getBytes(StandardCharsets.UTF_8));

      assertThat(ws.awaitClose(WAIT)).isEqualTo(1002);
    }
    node.awaitCounted("protocol_error", before);
    node.assertStillServing(neighbour);
  }

  @ParameterizedTest
  @ValueSource(strings = {RAW, SOCKJS})
  void invalidUtf8InATextFrameClosesWith1007(String path) {
    BridgeClient neighbour = node.neighbour();
    double before = node.rejects("invalid_utf8");
    byte[] frame = (path.equals(RAW) ? "{\"type\":\"publish\",\"address\":\"in.orders\",\"body\":\"??\"}"
        : "[\"{\\\"type\\\":\\\"publish\\\",\\\"address\\\":\\\"in.orders\\\",\\\"body\\\":\\\"??\\\"}\"]")
        .getBytes(StandardCharsets.UTF_8);
    int at = new String(frame, StandardCharsets.UTF_8).indexOf("??");
    frame[at] = (byte) 0xC3;     // a lead byte followed by no continuation byte
    frame[at + 1] = (byte) 0x28;

    try (RawWebSocket ws = open(path)) {
      ws.frame(true, 0, RawWebSocket.TEXT, frame);

      assertThat(ws.awaitClose(WAIT)).isEqualTo(1007);
    }
    node.awaitCounted("invalid_utf8", before);
    assertThat(node.orders).isEmpty();
    node.assertStillServing(neighbour);
  }

  @ParameterizedTest
  @ValueSource(strings = {RAW, SOCKJS})
  void aCrossOriginUpgradeIsRefusedWith403(String path) {
    BridgeClient neighbour = node.neighbour();
    double before = node.rejects("origin");

    for (String origin : new String[] {"https://evil.example", "null", "http://127.0.0.1.evil.example"}) {
      try (RawWebSocket ws = RawWebSocket.open(node.port, path.replace("{session}", UUID.randomUUID().toString()),
          Map.of("Origin", origin))) {
        assertThat(ws.status).as(origin).isEqualTo(403);
      }
    }
    try (RawWebSocket sameHost = open(path, Map.of("Origin", "http://127.0.0.1:8080"))) {
      assertThat(sameHost.status).isEqualTo(101);
    }
    node.awaitCounted("origin", before + 2);
    node.assertStillServing(neighbour);
  }
}
