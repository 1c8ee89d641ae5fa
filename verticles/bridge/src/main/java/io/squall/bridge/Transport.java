package io.squall.bridge;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/** What a bridge socket needs of its connection: a raw WebSocket or any SockJS transport. */
interface Transport {

  void write(String frame);

  boolean writeQueueFull();

  void drainHandler(Handler<Void> handler);

  void close(int code, String reason);

  /**
   * Last words: {@code frame}, then the close; completes once the frame has gone out, failed when it cannot any more
   * (the client left). On one connection (a raw WebSocket) the close frame simply queues behind it.
   */
  default Future<Void> closeAfter(String frame, int code, String reason) {
    write(frame);
    close(code, reason);
    return Future.succeededFuture();
  }

  /**
   * The SockJS session id when the session's last request was a poll (xhr, jsonp): such a transport answers one
   * frame per request, so after {@link #closeAfter} the close frame goes out on the next poll. Null otherwise.
   */
  default String pollingSession() {
    return null;
  }
}
