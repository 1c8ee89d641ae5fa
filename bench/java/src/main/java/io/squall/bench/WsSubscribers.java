package io.squall.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The subscribers of one load-client JVM: {@code count} WebSockets, {@code perSource} per 127.0.0.x source address
 * (each socket bound to its source address before connecting), each sending {@code register} once upgraded and
 * {@code ping} every 20 s; with several server ports (a cluster's nodes) socket i connects to port i % ports. Received {@code rec} frames with seq >= 0 are counted and their latency (receive time
 * minus the body's {@code t}, both epoch microseconds) recorded; probes (seq < 0) only mark the socket as reached.
 *
 * <p>Plain NIO, not Vert.x: a selector thread per CPU the client may use, reading frames straight out of one buffer
 * per thread. At 10,000 subscribers the client takes 100,000 frames a second on the same two cores as the server,
 * and the Vert.x client spent several times the user CPU per frame (context dispatch, a Buffer per frame), CPU the
 * server under test did not get. The WebSocket part is the client side of RFC 6455 the contenders need: the
 * upgrade (status 101 checked), masked frames out, unmasked frames in (fragmented ones reassembled), ping answered
 * with pong, close.
 */
final class WsSubscribers {

  private static final byte[] TYPE = WsFrames.quoted("type");
  private static final byte[] REC = WsFrames.quoted("rec");
  private static final byte[] ERR = WsFrames.quoted("err");
  private static final byte[] T = WsFrames.quoted("t");
  private static final byte[] SEQ = WsFrames.quoted("seq");
  private static final byte[] PING = WsFrames.PING.getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_MESSAGE = 1 << 20;
  private static final long HANDSHAKE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final long HIGHEST_MICROS = 3_600_000_000L;

  /** One socket; touched only by its loop's thread. */
  private static final class Conn {
    final SocketChannel ch;
    final int server; // index into cfg.ports()
    final long startNanos = System.nanoTime();
    SelectionKey key;
    boolean upgraded;
    boolean done; // upgraded or failed: its connect permit is back
    boolean probed;
    long lastSeq = -1;
    byte[] partial; // bytes of an incomplete frame (or upgrade response) from the previous read
    byte[] message; // a fragmented message being reassembled
    ByteBuffer out; // what a write could not send at once

    Conn(SocketChannel ch, int server) {
      this.ch = ch;
      this.server = server;
    }
  }

  private final WsLoadClient.Config cfg;
  private final int count;
  private final List<String> sources;
  private final Loop[] loops;
  private final Semaphore permits;
  private final byte[] register;

  final AtomicInteger connected = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final AtomicInteger probed = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  private final AtomicIntegerArray connectedBy;
  private final AtomicIntegerArray closedBy;
  final LongAdder received = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder errFrames = new LongAdder();
  final LongAccumulator lastReceiveMicros = new LongAccumulator(Math::max, 0);
  final LongAccumulator lastProbeNanos = new LongAccumulator(Math::max, 0);
  final AtomicReference<String> firstError = new AtomicReference<>();
  final AtomicReference<String> protocolProblem = new AtomicReference<>();
  private final AtomicInteger checked = new AtomicInteger();
  private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);

  WsSubscribers(WsLoadClient.Config cfg, int count, int firstSource) throws IOException {
    this.cfg = cfg;
    this.count = count;
    this.sources = count == 0 ? List.of()
        : WsLoadClient.sourceAddresses(firstSource, (count + cfg.perSource() - 1) / cfg.perSource());
    this.permits = new Semaphore(cfg.concurrency());
    this.connectedBy = new AtomicIntegerArray(cfg.ports().size());
    this.closedBy = new AtomicIntegerArray(cfg.ports().size());
    this.register = WsFrames.register(cfg.address()).getBytes(StandardCharsets.UTF_8);
    int n = cfg.eventLoops() > 0 ? cfg.eventLoops() : Runtime.getRuntime().availableProcessors();
    this.loops = new Loop[count == 0 ? 0 : n];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new Loop(i);
    }
  }

  List<String> sources() {
    return sources;
  }

  /** Starts opening every socket (cfg.concurrency() handshakes at a time) on a thread of its own; returns at once. */
  void connect() {
    if (count == 0) {
      return;
    }
    for (Loop loop : loops) {
      loop.thread.start();
    }
    Thread connector = new Thread(this::openAll, "ws-connector");
    connector.setDaemon(true);
    connector.start();
  }

  private void openAll() {
    InetSocketAddress[] servers = cfg.ports().stream().map(p -> new InetSocketAddress(cfg.host(), p))
        .toArray(InetSocketAddress[]::new);
    for (int i = 0; i < count; i++) {
      try {
        while (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
          // every pending handshake times out after 30 s, so a permit always comes back
        }
      } catch (InterruptedException e) {
        return;
      }
      String source = sources.get(i / cfg.perSource());
      SocketChannel ch = null;
      try {
        ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.bind(new InetSocketAddress(source, 0));
        ch.connect(servers[i % servers.length]);
        loops[i % loops.length].add(new Conn(ch, i % servers.length));
      } catch (IOException | RuntimeException e) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, "connect from " + source + ": " + e);
        permits.release();
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // failing anyway
          }
        }
      }
    }
  }

  Histogram latencySnapshot() {
    return latency.getIntervalHistogram();
  }

  JsonObject status() {
    long lastProbe = lastProbeNanos.get();
    return new JsonObject()
        .put("connected", connected.get()).put("failed", failed.get()).put("probed", probed.get())
        .put("closed", closed.get()).put("connected_by_server", array(connectedBy))
        .put("closed_by_server", array(closedBy)).put("received", received.sum()).put("duplicates", duplicates.sum())
        .put("err_frames", errFrames.sum()).put("last_receive_us", lastReceiveMicros.get())
        // ms since a probe last arrived; a day when none has (as far as probes go, this share is quiet)
        .put("probe_quiet_ms", lastProbe == 0 ? 86_400_000L : (System.nanoTime() - lastProbe) / 1_000_000)
        .put("first_error", firstError.get()).put("protocol_problem", protocolProblem.get());
  }

  private static JsonArray array(AtomicIntegerArray a) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < a.length(); i++) {
      out.add(a.get(i));
    }
    return out;
  }

  // --- one selector thread ------------------------------------------------------------------------------------------
  private final class Loop {
    final Thread thread;
    final Selector selector;
    final ConcurrentLinkedQueue<Conn> incoming = new ConcurrentLinkedQueue<>();
    final List<Conn> pending = new ArrayList<>(); // not yet upgraded
    final List<Conn> open = new ArrayList<>(); // upgraded, for pings
    final ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);
    long nextTick = System.nanoTime() + 1_000_000_000L;
    int tick;

    Loop(int index) throws IOException {
      selector = Selector.open();
      thread = new Thread(this::run, "ws-loop-" + index);
      thread.setDaemon(true);
    }

    void add(Conn c) {
      incoming.add(c);
      selector.wakeup();
    }

    void run() {
      try {
        while (true) {
          selector.select(this::handle, 200);
          Conn c;
          while ((c = incoming.poll()) != null) {
            try {
              c.key = c.ch.register(selector, SelectionKey.OP_CONNECT, c);
              pending.add(c);
            } catch (IOException e) {
              fail(c, "register: " + e);
            }
          }
          if (System.nanoTime() - nextTick >= 0) {
            nextTick += 1_000_000_000L;
            tick();
          }
        }
      } catch (IOException | RuntimeException e) {
        firstError.compareAndSet(null, "selector: " + e);
      }
    }

    /** Once a second: handshakes that took too long fail; a twentieth of the sockets pings (each every 20 s). */
    void tick() {
      long now = System.nanoTime();
      if (!pending.isEmpty()) {
        pending.removeIf(c -> c.done);
        for (Conn c : new ArrayList<>(pending)) {
          if (now - c.startNanos > HANDSHAKE_TIMEOUT_NANOS) {
            fail(c, "no upgrade within 30 s");
          }
        }
        pending.removeIf(c -> c.done);
      }
      int slot = tick++ % 20;
      for (int i = slot; i < open.size(); i += 20) {
        Conn c = open.get(i);
        if (c.ch.isOpen()) {
          send(c, 0x1, PING);
        }
      }
    }

    void handle(SelectionKey key) {
      Conn c = (Conn) key.attachment();
      try {
        if (key.isConnectable()) {
          if (c.ch.finishConnect()) {
            key.interestOps(SelectionKey.OP_READ);
            write(c, ByteBuffer.wrap(upgradeRequest(c)));
          }
          return;
        }
        if (key.isWritable()) {
          c.ch.write(c.out);
          if (!c.out.hasRemaining()) {
            c.out = null;
            key.interestOps(SelectionKey.OP_READ);
          }
        }
        if (key.isReadable()) {
          read(c);
        }
      } catch (IOException | RuntimeException e) {
        if (c.upgraded) {
          lost(c, "socket: " + e);
        } else {
          fail(c, e.toString());
        }
      }
    }

    void read(Conn c) throws IOException {
      readBuf.clear();
      int n = c.ch.read(readBuf);
      if (n < 0) {
        if (c.upgraded) {
          lost(c, null);
        } else {
          fail(c, "closed before the upgrade");
        }
        return;
      }
      if (n == 0) {
        return;
      }
      byte[] a = readBuf.array();
      int from = 0;
      int to = n;
      if (c.partial != null) {
        byte[] merged = Arrays.copyOf(c.partial, c.partial.length + n);
        System.arraycopy(a, 0, merged, c.partial.length, n);
        a = merged;
        to = merged.length;
        c.partial = null;
      }
      if (!c.upgraded) {
        int end = headerEnd(a, from, to);
        if (end < 0) {
          if (to - from > 16 * 1024) {
            fail(c, "upgrade response too long");
          } else {
            c.partial = Arrays.copyOfRange(a, from, to);
          }
          return;
        }
        String status = new String(a, from, Math.min(end, indexOfCrLf(a, from, to)) - from, StandardCharsets.ISO_8859_1);
        if (!status.startsWith("HTTP/1.1 101")) {
          fail(c, "upgrade refused: " + status);
          return;
        }
        upgraded(c);
        from = end;
      }
      int used = frames(c, a, from, to);
      if (used < to && c.ch.isOpen()) {
        c.partial = Arrays.copyOfRange(a, used, to);
      }
    }

    void upgraded(Conn c) {
      c.upgraded = true;
      c.done = true;
      open.add(c);
      connected.incrementAndGet();
      connectedBy.incrementAndGet(c.server);
      permits.release();
      send(c, 0x1, register);
    }

    /** Handles every complete frame in a[from, to); returns where the first incomplete one starts. */
    int frames(Conn c, byte[] a, int from, int to) {
      int i = from;
      while (to - i >= 2 && c.ch.isOpen()) {
        int b0 = a[i] & 0xff;
        int b1 = a[i + 1] & 0xff;
        long len = b1 & 0x7f;
        int h = 2;
        if (len == 126) {
          if (to - i < 4) {
            break;
          }
          len = ((a[i + 2] & 0xff) << 8) | (a[i + 3] & 0xff);
          h = 4;
        } else if (len == 127) {
          if (to - i < 10) {
            break;
          }
          len = 0;
          for (int k = 0; k < 8; k++) {
            len = (len << 8) | (a[i + 2 + k] & 0xff);
          }
          h = 10;
        }
        boolean masked = (b1 & 0x80) != 0;
        if (masked) {
          h += 4;
        }
        if (len > MAX_MESSAGE) {
          lost(c, "frame of " + len + " bytes");
          return to;
        }
        if (to - i < h + len) {
          break;
        }
        int p = i + h;
        int end = p + (int) len;
        if (masked) { // servers must not mask; tolerated anyway
          for (int k = p; k < end; k++) {
            a[k] ^= a[p - 4 + ((k - p) & 3)];
          }
        }
        frame(c, (b0 & 0x80) != 0, b0 & 0x0f, a, p, end);
        i = end;
      }
      return i;
    }

    void frame(Conn c, boolean fin, int opcode, byte[] a, int from, int to) {
      switch (opcode) {
        case 0x0, 0x1, 0x2 -> {
          if (opcode == 0x0 && c.message == null) {
            return; // a continuation of nothing
          }
          if (c.message == null && fin) {
            message(c, a, from, to);
            return;
          }
          byte[] prev = c.message == null ? new byte[0] : c.message;
          byte[] merged = Arrays.copyOf(prev, prev.length + (to - from));
          System.arraycopy(a, from, merged, prev.length, to - from);
          c.message = merged;
          if (fin) {
            c.message = null;
            message(c, merged, 0, merged.length);
          }
        }
        case 0x8 -> lost(c, null);
        case 0x9 -> send(c, 0xA, Arrays.copyOfRange(a, from, to));
        default -> { } // pong
      }
    }

    void message(Conn c, byte[] a, int from, int to) {
      if (WsFrames.stringValueIs(a, from, to, TYPE, REC)) {
        long seq = WsFrames.longValue(a, from, to, SEQ);
        if (seq < 0) {
          if (!c.probed) {
            c.probed = true;
            probed.incrementAndGet();
          }
          lastProbeNanos.accumulate(System.nanoTime());
          if (checked.getAndIncrement() == 0) {
            String problem = WsFrames.problem(Buffer.buffer(Arrays.copyOfRange(a, from, to)), cfg.address(),
                cfg.payload());
            if (problem != null) {
              protocolProblem.compareAndSet(null, problem);
            }
          }
          return;
        }
        long now = WsFrames.nowMicros();
        long t = WsFrames.longValue(a, from, to, T);
        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, now - t)));
        received.increment();
        lastReceiveMicros.accumulate(now);
        if (seq <= c.lastSeq) {
          duplicates.increment();
        }
        c.lastSeq = seq;
      } else if (WsFrames.stringValueIs(a, from, to, TYPE, ERR)) {
        errFrames.increment();
        firstError.compareAndSet(null, "error frame: "
            + WsFrames.abbreviate(new String(a, from, to - from, StandardCharsets.UTF_8)));
      }
    }

    /** A masked frame (client frames must be) with FIN set; payloads here are small. */
    void send(Conn c, int opcode, byte[] payload) {
      int len = payload.length;
      int h = len < 126 ? 2 : 4;
      ByteBuffer buf = ByteBuffer.allocate(h + 4 + len);
      buf.put((byte) (0x80 | opcode));
      if (len < 126) {
        buf.put((byte) (0x80 | len));
      } else {
        buf.put((byte) (0x80 | 126)).putShort((short) len);
      }
      int mask = ThreadLocalRandom.current().nextInt();
      buf.putInt(mask);
      for (int k = 0; k < len; k++) {
        buf.put((byte) (payload[k] ^ (mask >>> (8 * (3 - (k & 3))))));
      }
      buf.flip();
      try {
        write(c, buf);
      } catch (IOException e) {
        lost(c, "write: " + e);
      }
    }

    void write(Conn c, ByteBuffer buf) throws IOException {
      if (c.out != null) {
        ByteBuffer merged = ByteBuffer.allocate(c.out.remaining() + buf.remaining());
        merged.put(c.out).put(buf).flip();
        c.out = merged;
        return;
      }
      c.ch.write(buf);
      if (buf.hasRemaining()) {
        c.out = buf;
        c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    }

    /** A socket that never upgraded: counts as failed, its connect permit comes back. */
    void fail(Conn c, String why) {
      if (c.done) {
        return;
      }
      c.done = true;
      failed.incrementAndGet();
      firstError.compareAndSet(null, "upgrade: " + why);
      permits.release();
      close(c);
    }

    /** An upgraded socket that closed or broke. */
    void lost(Conn c, String why) {
      if (!c.ch.isOpen()) {
        return;
      }
      closed.incrementAndGet();
      closedBy.incrementAndGet(c.server);
      if (why != null) {
        firstError.compareAndSet(null, why);
      }
      close(c);
    }

    void close(Conn c) {
      try {
        c.ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }

    byte[] upgradeRequest(Conn c) {
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      return ("GET " + cfg.path() + " HTTP/1.1\r\n"
          + "Host: " + cfg.host() + ":" + cfg.ports().get(c.server) + "\r\n"
          + "Upgrade: websocket\r\n"
          + "Connection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** The index just past the blank line ending an HTTP header block in a[from, to), or -1. */
  static int headerEnd(byte[] a, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
        return i + 4;
      }
    }
    return -1;
  }

  private static int indexOfCrLf(byte[] a, int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (a[i] == '\r' && a[i + 1] == '\n') {
        return i;
      }
    }
    return to;
  }
}
