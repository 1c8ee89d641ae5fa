package io.squall.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 request framing checks that Netty 4.2 leaves out, answering Tornado's request-smuggling advisories
 * (GHSA-753j-mpmx-qq6g, GHSA-w235-7p84-xx57): where a proxy in front and this server could read a different body
 * length from the same bytes, refuse. Netty already refuses {@code Content-Length: +5}, {@code 1_0} and two
 * Content-Length fields; this adds:
 * <ul>
 *   <li>Content-Length together with Transfer-Encoding (Netty silently drops the Content-Length and keeps the
 *       connection open: the classic CL.TE smuggle);</li>
 *   <li>any Transfer-Encoding other than exactly one {@code chunked} ({@code gzip, chunked} is read as chunked,
 *       {@code xchunked} as no body at all, so the body would be parsed as the next request), and any
 *       Transfer-Encoding on HTTP/1.0 (RFC 9112 6.1);</li>
 *   <li>chunk-size lines that are not {@code 1*HEXDIG [BWS ";" extension]} (Netty reads {@code 5 5} as 5) and
 *       chunk data longer than its size; Netty refuses {@code 0x5} and {@code +5} but closes without an answer;</li>
 *   <li>obs-fold header lines (a line starting with a space or tab continues the previous one): Netty joins them by
 *       string concatenation, quadratic in their number (Tornado's GHSA-pcg2-g6cj-q92c, sibling of CVE-2025-67725),
 *       and a proxy in front may read them differently. RFC 9112 5.2 lets a server refuse them with 400. They are
 *       refused from the raw bytes, before Netty starts joining;</li>
 *   <li>control characters (C0, DEL) in the request target, which Netty passes to the router, and more than one
 *       {@code Host} field (RFC 9112 3.2: 400), which a cache or proxy in front may read differently;</li>
 *   <li>slow clients (slowloris): headers must be complete within {@code headerTimeout} of the request's first byte
 *       and the body within {@code bodyTimeout} of the headers, else the connection is closed. The idle timeout
 *       alone does not do it: a client sending a byte every few seconds is never idle.</li>
 * </ul>
 * Every refusal and timeout is counted in {@link HttpRejects}, and so are idle timeouts.
 * A refused head becomes Netty's own invalid request: Vert.x answers 400 and closes, and nothing after it on the
 * connection is parsed. A refused chunk fails the request (400 from the body handler) and closes the connection.
 *
 * <p>Vert.x has no public hook at this level, so {@link #install} swaps Vert.x's decoder for this subclass of it
 * from the server's connection handler, which Vert.x calls before the first byte is decoded as long as cleartext
 * HTTP/2 is off (see {@link HttpVerticle#serverOptions}); with it on ({@code h2c}), {@link #install} does nothing.
 * HttpFramingSecurityTest fails if a Vert.x upgrade breaks this. The happy path costs one header lookup per request and, for
 * chunked bodies, a scan of each chunk-size line.
 */
final class RequestHygiene extends VertxHttpRequestDecoder {

  /** The name Vert.x gives its request decoder in the channel pipeline (and removes on upgrades). */
  private static final String DECODER = "httpDecoder";
  /** Longest chunk-size line with its extensions (Tornado allows 64 bytes; nobody sends long extensions). */
  private static final int MAX_CHUNK_LINE = 1024;

  /** Vert.x's idle handler, which fires the idle event toward the connection (after the decoder). */
  private static final String IDLE = "idle";
  private static final String IDLE_COUNTER = "squallIdleCounter";

  /** A request refused here: {@link HttpRejects} counts it as {@code framing}. */
  static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }

  /** An HTTP version other than 1.0 and 1.1: answered 505, not 400 ({@link #answerInvalid}). */
  static final class UnsupportedVersion extends IllegalArgumentException {
    UnsupportedVersion(String message) {
      super(message);
    }
  }

  /**
   * For {@code HttpServer.invalidRequestHandler}: 505 for a version we do not speak, else Vert.x's own answer (400,
   * 414, 431). The connection closes after either.
   */
  static void answerInvalid(HttpServerRequest request) {
    if (request.decoderResult().cause() instanceof UnsupportedVersion) {
      request.response().setStatusCode(505).putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end()
          .onComplete(v -> request.connection().close());
    } else {
      HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    }
  }

  /** Limits and counters for {@link #install}, one per server. */
  record Limits(HttpServerOptions server, HttpRejects rejects, int headerTimeoutSeconds, int bodyTimeoutSeconds) {
  }

  private final Limits limits;
  private final ChunkLines chunks = new ChunkLines();
  private final HeadScan headScan = new HeadScan();
  private boolean refused;
  /** Between a request head and the end of its body: the bytes Netty reads are body, not head. */
  private boolean inBody;
  /** Some bytes of a request head have come, not all of it. */
  private boolean inHead;
  private ScheduledFuture<?> headerTimer;
  private ScheduledFuture<?> bodyTimer;

  RequestHygiene(Limits limits) {
    super(limits.server());
    this.limits = limits;
  }

  /** For {@code HttpServer.connectionHandler}: puts the checks on an HTTP/1.x connection; others are left alone. */
  static void install(HttpConnection connection, Limits limits) {
    if (limits.server().isHttp2ClearTextEnabled()) {
      // With h2c on, Vert.x calls this after its decoder has emitted the first request head: a fresh decoder put in
      // then would read that request's body as a new request (H2cTest). So no checks there (HttpOptions#isH2c).
      return;
    }
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder decoder && !(decoder instanceof RequestHygiene)) {
        pipeline.replace(DECODER, DECODER, new RequestHygiene(limits));
      }
      if (pipeline.get(IDLE) != null && pipeline.get(IDLE_COUNTER) == null) {
        pipeline.addAfter(IDLE, IDLE_COUNTER, new IdleCounter(limits.rejects()));
      }
    }
  }

  /** Counts the idle event on its way to Vert.x's connection, which closes the connection on it. */
  private static final class IdleCounter extends ChannelInboundHandlerAdapter {
    private final HttpRejects rejects;

    IdleCounter(HttpRejects rejects) {
      this.rejects = rejects;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent) {
        rejects.count(HttpRejects.Reason.IDLE_TIMEOUT);
      }
      super.userEventTriggered(ctx, evt);
    }
  }

  /**
   * Netty calls this once per message after the headers are parsed and before it picks the body framing: the only
   * overridable point where Content-Length and Transfer-Encoding are both still visible. An exception here makes
   * Netty mark the request invalid and discard the rest of the connection's input.
   */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    if (msg.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      List<String> te = msg.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
      if (msg.protocolVersion() != HttpVersion.HTTP_1_1) {
        throw new Refused("Transfer-Encoding is not allowed before HTTP/1.1");
      }
      if (te.size() > 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
        throw new Refused("unsupported Transfer-Encoding");
      }
      if (msg.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        throw new Refused("Content-Length with Transfer-Encoding");
      }
    }
    if (msg instanceof HttpRequest request) {
      HttpVersion version = request.protocolVersion();
      if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
        // Vert.x answered 501 in whatever version was asked (HTTP/9.9 501, HTTZ/1.1 501): answer in HTTP/1.1
        // (RFC 9110 6.2), 505 for an HTTP we do not speak and 400 for something that is not HTTP at all
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        throw "HTTP".equals(version.protocolName()) ? new UnsupportedVersion("HTTP version " + version.text())
            : new Refused("not an HTTP version: " + version.text());
      }
      String uri = request.uri();
      for (int i = 0; i < uri.length(); i++) {
        char c = uri.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw new Refused("control character in the request target");
        }
      }
      if (msg.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
        throw new Refused("more than one Host");
      }
    }
    return super.isContentAlwaysEmpty(msg);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (refused) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int from = in.readerIndex();
    int emitted = out.size();
    if (!inBody && in.isReadable()) {
      inHead = true;
      String problem = headScan.scan(in);
      if (problem != null) {
        refuseHead(in, out, problem);
        return;
      }
    }
    super.decode(ctx, in, out);
    headScan.consumed(in.readerIndex() - from);
    follow(out, emitted);
    if (chunks.active) {
      // Netty has consumed [from, readerIndex) of a chunked body: follow the same bytes and check each size line.
      String problem = chunks.follow(in, from, in.readerIndex());
      if (problem != null) {
        refuse(ctx, in, out, emitted, problem);
      }
    } else if (out.size() > emitted && out.get(out.size() - 1) instanceof HttpRequest head
        && head.decoderResult().isSuccess() && HttpUtil.isTransferEncodingChunked(head)) {
      chunks.begin(); // Netty returns right after a chunked head: the next byte starts the first size line
    }
  }

  /** Follows what this call decoded: a complete head stops the header timer, a body's end stops the body's. */
  private void follow(List<Object> out, int emitted) {
    for (int i = emitted; i < out.size(); i++) {
      Object o = out.get(i);
      if (o instanceof HttpMessage) {
        cancel(headerTimer);
        headerTimer = null;
        headScan.reset();
        inHead = false;
        inBody = true;
      }
      if (o instanceof LastHttpContent) {
        cancel(bodyTimer);
        bodyTimer = null;
        headScan.reset();
        inBody = false;
      }
    }
  }

  /**
   * Arms a timer only when a read ends with a request still incomplete: most requests arrive whole in one read and
   * never pay for scheduling and cancelling one. A head counts from the read that brought its first bytes, a body
   * from the read that completed its head.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (!refused) {
      if (inBody && bodyTimer == null && limits.bodyTimeoutSeconds() > 0) {
        bodyTimer = schedule(ctx, limits.bodyTimeoutSeconds(), HttpRejects.Reason.BODY_TIMEOUT);
      } else if (inHead && headerTimer == null && limits.headerTimeoutSeconds() > 0) {
        headerTimer = schedule(ctx, limits.headerTimeoutSeconds(), HttpRejects.Reason.HEADER_TIMEOUT);
      }
    }
    super.channelReadComplete(ctx);
  }

  private ScheduledFuture<?> schedule(ChannelHandlerContext ctx, int seconds, HttpRejects.Reason reason) {
    return ctx.executor().schedule(() -> {
      if (ctx.channel().isActive()) {
        // Nothing is written: a response head could interleave with one Vert.x is still sending on a pipelined
        // connection. Closing is what Tornado does too; Vert.x fails the request in progress, if any.
        refused = true;
        limits.rejects().count(reason);
        ctx.close();
      }
    }, seconds, TimeUnit.SECONDS);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    // closed, or replaced on a WebSocket upgrade: the timers are no longer this decoder's business
    cancel(headerTimer);
    cancel(bodyTimer);
    super.handlerRemoved0(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel(headerTimer);
    cancel(bodyTimer);
    super.channelInactive(ctx);
  }

  /**
   * Refuses a head from its raw bytes before Netty parses it: the request becomes an invalid one exactly as Netty
   * makes it (Vert.x answers 400 through the invalid-request handler and closes), and the rest of the input is
   * ignored.
   */
  private void refuseHead(ByteBuf in, List<Object> out, String problem) {
    in.skipBytes(in.readableBytes());
    refused = true;
    cancel(headerTimer);
    DefaultFullHttpRequest invalid = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request");
    invalid.setDecoderResult(DecoderResult.failure(new Refused(problem)));
    out.add(invalid);
  }

  /** Drops what this call decoded, fails the request and ignores the rest of the connection's input. */
  private void refuse(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, int emitted, String problem) {
    limits.rejects().count(HttpRejects.Reason.FRAMING);
    cancel(bodyTimer);
    while (out.size() > emitted) {
      ReferenceCountUtil.release(out.remove(out.size() - 1));
    }
    in.skipBytes(in.readableBytes());
    refused = true;
    chunks.active = false;
    // The request fails the way Netty's own bad chunk fails it (an exception, then Vert.x closes the connection);
    // a DecoderException is what Vert.x Web's BodyHandler answers with 400. Raised after this read, because Vert.x
    // holds back flushes while reading and would close the connection before the 400 went out.
    DecoderException failure = new DecoderException(problem);
    ctx.executor().execute(() -> ctx.fireExceptionCaught(failure));
  }

  /**
   * Scans the raw bytes of a request head, ahead of Netty, for obs-fold lines; stops at the empty line that ends
   * the head, so a body is never scanned. Each byte is scanned once: what Netty has not consumed yet is remembered.
   * It jumps from line feed to line feed ({@code indexOf} compares eight bytes at a time) and looks only at the
   * first bytes of each line, so its work grows with the number of lines rather than with every byte.
   */
  private static final class HeadScan {
    /** Bytes from the reader index on that were scanned already. */
    private int scanned;
    private boolean firstLine = true;
    private boolean lineStart = true;
    /** Nothing but CRs on the current line so far. */
    private boolean lineEmpty = true;
    private boolean done;

    String scan(ByteBuf in) {
      int i = in.readerIndex() + scanned;
      int end = in.writerIndex();
      while (!done && i < end) {
        if (lineStart && !firstLine) {
          byte first = in.getByte(i);
          if (first == ' ' || first == '\t') {
            return "obs-fold header line";
          }
        }
        int lf = in.indexOf(i, end, (byte) '\n');
        int lineEnd = lf < 0 ? end : lf;
        for (int j = i; lineEmpty && j < lineEnd; j++) {
          lineEmpty = in.getByte(j) == '\r';
        }
        lineStart &= lineEnd == i;
        if (lf < 0) {
          i = end;
        } else if (lineEmpty && !firstLine) {
          done = true; // the empty line: what follows is the body
          i = lf + 1;
        } else {
          firstLine &= lineEmpty; // empty lines before the request line are skipped, as Netty does
          lineStart = true;
          lineEmpty = true;
          i = lf + 1;
        }
      }
      scanned = i - in.readerIndex();
      return null;
    }

    void consumed(int bytes) {
      scanned = Math.max(0, scanned - bytes);
    }

    void reset() {
      scanned = 0;
      firstLine = true;
      lineStart = true;
      lineEmpty = true;
      done = false;
    }
  }

  /** Follows chunked-body framing over the bytes Netty consumed (same reading as Netty: lines end at LF). */
  private static final class ChunkLines {

    private enum State { SIZE_LINE, DATA, DATA_END, TRAILER }

    boolean active;
    private State state;
    private long remaining;
    private final StringBuilder line = new StringBuilder();

    void begin() {
      active = true;
      state = State.SIZE_LINE;
      line.setLength(0);
    }

    /** @return what is wrong with the framing, or null */
    String follow(ByteBuf buf, int from, int to) {
      int i = from;
      while (i < to && active) {
        if (state == State.DATA) {
          int n = (int) Math.min(remaining, to - i);
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = State.DATA_END;
          }
          continue;
        }
        byte b = buf.getByte(i++);
        if (b != '\n') {
          if (line.length() >= MAX_CHUNK_LINE) {
            return "chunk line too long";
          }
          line.append((char) (b & 0xff));
          continue;
        }
        String problem = endOfLine();
        if (problem != null) {
          return problem;
        }
        line.setLength(0);
      }
      return null;
    }

    private String endOfLine() {
      int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
      switch (state) {
        case SIZE_LINE -> {
          long size = chunkSize(line, end);
          if (size < 0) {
            return "malformed chunk size line";
          }
          remaining = size;
          state = size == 0 ? State.TRAILER : State.DATA;
        }
        case DATA_END -> {
          if (end != 0) {
            return "chunk data longer than its size";
          }
          state = State.SIZE_LINE;
        }
        case TRAILER -> active = end != 0; // an empty line ends the trailer and the message
        default -> throw new IllegalStateException(state.name());
      }
      return null;
    }

    /** {@code 1*HEXDIG [ *(SP / HTAB) ";" extension ]} (RFC 9112 7.1), or -1. */
    private static long chunkSize(CharSequence s, int end) {
      int i = 0;
      long size = 0;
      while (i < end && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 0x80) {
        if (i == 15) {
          return -1; // 16 hex digits would overflow a long
        }
        size = size * 16 + Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i == 0) {
        return -1;
      }
      int ext = i;
      while (ext < end && (s.charAt(ext) == ' ' || s.charAt(ext) == '\t')) {
        ext++;
      }
      if (ext == end) {
        return ext == i ? size : -1; // whitespace only counts before an extension
      }
      if (s.charAt(ext) != ';') {
        return -1;
      }
      for (int c = ext; c < end; c++) {
        char ch = s.charAt(c);
        if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
          return -1;
        }
      }
      return size;
    }
  }
}
