package io.squall.bridge;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * The raw WebSocket at {@code /eventbus/websocket}, read frame by frame so limits end in a proper close frame:
 * a frame over {@code maxFrameSize} or a message over {@code maxMessageSize} closes with 1009 (Vert.x's own limits
 * drop the connection without one, which a client sees as 1006). Binary frames are refused (1003): the protocol
 * is JSON text.
 */
final class WebSocketTransport implements Transport {

  private final ServerWebSocket ws;
  private final int maxFrameSize;
  private final int maxMessageSize;
  private Buffer partial;

  WebSocketTransport(ServerWebSocket ws, int maxFrameSize, int maxMessageSize) {
    this.ws = ws;
    this.maxFrameSize = maxFrameSize;
    this.maxMessageSize = maxMessageSize;
  }

  /** Starts reading: whole text messages go to {@code messages}; a refusal is counted by {@code reject}. */
  void read(Handler<Buffer> messages, Handler<String> reject) {
    ws.frameHandler(frame -> {
      if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
        return;
      }
      if (frame.isBinary() || (frame.isContinuation() && partial == null && !frame.isFinal())) {
        reject.handle("binary_frame");
        close(1003, "text frames only");
        return;
      }
      Buffer data = frame.binaryData();
      if (data.length() > maxFrameSize) {
        reject.handle("too_big");
        close(1009, "frame too big");
        return;
      }
      Buffer message = partial == null ? data : partial.appendBuffer(data);
      if (message.length() > maxMessageSize) {
        partial = null;
        reject.handle("too_big");
        close(1009, "message too big");
        return;
      }
      if (frame.isFinal()) {
        partial = null;
        messages.handle(message);
      } else {
        partial = message == data ? Buffer.buffer().appendBuffer(data) : message;
      }
    });
  }

  /**
   * Dropped once the WebSocket is closed. Its close handler (where the bridge learns of it) can run after a message
   * that is already being fanned out, and Vert.x throws on a closed WebSocket: thrown in the fan-out, that skipped the
   * message for every socket after this one.
   */
  @Override
  public void write(String frame) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(frame);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return !ws.isClosed() && ws.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    ws.drainHandler(handler);
  }

  @Override
  public void close(int code, String reason) {
    ws.close((short) code, reason);
  }

}
