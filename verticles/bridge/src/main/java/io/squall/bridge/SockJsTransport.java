package io.squall.bridge;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A SockJS session (WebSocket, xhr-streaming, xhr-polling, eventsource, ... transports). */
final class SockJsTransport implements Transport {

  /** {@code .../<server>/<session>/xhr} or {@code .../jsonp}: SockJS's polling transports, one frame per response. */
  private static final Pattern POLL = Pattern.compile(".*/[^/.]+/([^/.]+)/(?:xhr|jsonp)");

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

  /**
   * Closes only once the frame has gone out. A SockJS session drops the frames it still holds when it closes: those
   * waiting for a poll, and those written from another context than the session's own (a request's duplicated
   * context; shutdown runs on the verticle's), which go out on a later turn of the event loop. Closing right after
   * the write lost the frame on every transport.
   */
  @Override
  public Future<Void> closeAfter(String frame, int code, String reason) {
    return sock.write(frame).transform(sent -> {
      sock.close(code, reason);
      // the close, too, runs on the session's context, queued on this same event loop: once the task queued after it
      // has run, a live transport has its close frame (a polling one gets it on its next poll)
      Promise<Void> closed = Promise.promise();
      sock.routingContext().vertx().runOnContext(v -> closed.handle(sent));
      return closed.future();
    });
  }

  @Override
  public String pollingSession() {
    return pollingSession(sock.uri());
  }

  /** The session id of a SockJS polling request's URI, or null for any other URI. */
  static String pollingSession(String uri) {
    if (uri == null) {
      return null;
    }
    int query = uri.indexOf('?');
    Matcher poll = POLL.matcher(query < 0 ? uri : uri.substring(0, query));
    return poll.matches() ? poll.group(1) : null;
  }
}
