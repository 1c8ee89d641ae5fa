package io.squall.bridge;

import io.vertx.core.Handler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/** A SockJS session (WebSocket, xhr-streaming, xhr-polling, eventsource, ... transports). */
final class SockJsTransport implements Transport {

  private final SockJSSocket sock;

  SockJsTransport(SockJSSocket sock) {
    this.sock = sock;
  }

  @Override
  public void write(String frame) {
    sock.write(frame);
  }

  @Override
  public boolean writeQueueFull() {
    return sock.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    sock.drainHandler(handler);
  }

  @Override
  public void close(int code, String reason) {
    sock.close(code, reason);
  }
}
