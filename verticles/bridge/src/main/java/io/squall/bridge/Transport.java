package io.squall.bridge;

import io.vertx.core.Handler;

/** What a bridge socket needs of its connection: a raw WebSocket or any SockJS transport. */
interface Transport {

  void write(String frame);

  boolean writeQueueFull();

  void drainHandler(Handler<Void> handler);

  void close(int code, String reason);
}
