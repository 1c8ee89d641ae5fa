package io.squall.bridge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;

/**
 * What Vert.x's WebSocket server leaves out, put in front of it on every connection of the bridge's server (so
 * both the raw WebSocket and SockJS's get it):
 * <ul>
 *   <li>The message size limit ({@code maxMessageSize}, summed over fragments) as a connection failure: past Vert.x's
 *   own limit its SockJS WebSocket drops the message and shuts the session down but leaves the connection open, for
 *   the client to keep it (and its buffers) forever.</li>
 *   <li>UTF-8 validation of text frames (RFC 6455 8.1: invalid UTF-8 must fail the connection with 1007). Vert.x
 *   decodes text with replacement characters, so bytes the browser never meant would reach the event bus.</li>
 *   <li>A close frame on a protocol violation (fragmented control frame, RSV bits without an extension, a frame over
 *   the hard limit, bad UTF-8): Vert.x configures Netty's decoder not to send one and drops the connection, which a
 *   client sees as 1006 and cannot tell from a network failure. The status is the decoder's (1002, 1007, 1009).</li>
 * </ul>
 * The exception then goes on to Vert.x, which hands it to the socket's exception handler (counted there by
 * {@link Bridge}) and closes the connection.
 */
final class WebSocketGuard extends ChannelInboundHandlerAdapter {

  private static final String VERTX_HANDLER = "handler";

  private final int maxMessageSize;
  /** Bytes of the data message being received (text or binary, with its continuation frames so far). */
  private long messageBytes;

  private WebSocketGuard(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /** Installs the guard on an HTTP/1.x connection of the bridge's server (before any upgrade: it sits idle until). */
  static void install(HttpConnection connection, int maxMessageSize) {
    if (!(connection instanceof HttpServerConnection server)) {
      return;
    }
    ChannelPipeline pipeline = server.channelHandlerContext().pipeline();
    if (pipeline.get(VERTX_HANDLER) == null || pipeline.get(WebSocketGuard.class) != null) {
      return;
    }
    // Netty's upgrade puts its WebSocket decoder where the HTTP decoder was, so these end up behind it
    pipeline.addBefore(VERTX_HANDLER, "squall-ws-utf8", new Utf8FrameValidator(false));
    pipeline.addBefore(VERTX_HANDLER, "squall-ws-guard", new WebSocketGuard(maxMessageSize));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
        || msg instanceof ContinuationWebSocketFrame) {
      WebSocketFrame frame = (WebSocketFrame) msg;
      messageBytes = (frame instanceof ContinuationWebSocketFrame ? messageBytes : 0) + frame.content().readableBytes();
      if (messageBytes > maxMessageSize) {
        ReferenceCountUtil.release(msg);
        messageBytes = 0;
        throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
      }
      if (frame.isFinalFragment()) {
        messageBytes = 0;
      }
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (cause instanceof CorruptedWebSocketFrameException corrupted && ctx.channel().isActive()) {
      String reason = corrupted.getMessage() == null ? "protocol error" : corrupted.getMessage();
      // a close reason is at most 123 bytes; keep it ASCII-short
      ctx.writeAndFlush(new CloseWebSocketFrame(corrupted.closeStatus().code(),
          reason.length() > 100 ? reason.substring(0, 100) : reason));
    }
    super.exceptionCaught(ctx, cause);
  }

  /** The reject reason counted for an exception a bridge socket reports. */
  static String reason(Throwable failure) {
    if (failure instanceof CorruptedWebSocketFrameException corrupted) {
      return switch (corrupted.closeStatus().code()) {
        case 1007 -> "invalid_utf8";
        case 1009 -> "too_big";
        default -> "protocol_error";
      };
    }
    // Vert.x's own message-size limit (SockJS's WebSocket assembles messages with it)
    if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("max message size")) {
      return "too_big";
    }
    return "io_error";
  }
}
