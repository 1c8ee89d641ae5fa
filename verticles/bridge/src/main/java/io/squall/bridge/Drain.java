package io.squall.bridge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shutdown's last words to every socket, on every transport: {@code {"type":"reconnect"}}, then the close. The
 * bridge keeps listening until both have gone out, at most {@link #WAIT_MS}: a SockJS session sends the frame only
 * when its transport takes it ({@link SockJsTransport#closeAfter}), and a polling one (xhr, jsonp) carries one frame
 * per poll, so its client must poll once for the reconnect frame (unless a poll was waiting) and once more for the
 * close frame, each time on a new connection.
 */
final class Drain {

  /** Clients poll again within a round trip; one slower than this misses only the frame (it resumes by seq). */
  static final long WAIT_MS = 2_000;

  private static final Logger log = LoggerFactory.getLogger(Drain.class);

  private final Vertx vertx;
  /** Polling sessions told and closed, by session id: their next poll carries the close frame. */
  private final Map<String, Promise<Void>> closingPolls = new HashMap<>();
  private boolean started;

  Drain(Vertx vertx) {
    this.vertx = vertx;
  }

  boolean started() {
    return started;
  }

  /** Tells every socket; completes when each has its frames, or after {@link #WAIT_MS}. */
  Future<Void> start(Collection<BridgeSocket> sockets) {
    started = true;
    List<Future<Void>> told = new ArrayList<>(sockets.size());
    for (BridgeSocket socket : sockets) {
      told.add(socket.goAway().transform(sent -> sent.succeeded()
          ? closeFramePolled(socket.sock.pollingSession()) : Future.succeededFuture()));
    }
    if (told.isEmpty()) {
      return Future.succeededFuture();
    }
    log.info("bridge: telling {} socket(s) to reconnect", told.size());
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(WAIT_MS, t -> {
      long late = told.stream().filter(f -> !f.isComplete()).count();
      log.info("bridge: {} socket(s) did not take their last frames within {} ms; closing anyway", late, WAIT_MS);
      done.tryComplete();
    });
    Future.join(told).onComplete(ar -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  private Future<Void> closeFramePolled(String session) {
    if (session == null) {
      return Future.succeededFuture();
    }
    Promise<Void> polled = Promise.promise();
    closingPolls.put(session, polled);
    return polled.future();
  }

  /** Any request on the SockJS path: a closed polling session's next poll ends with the close frame. */
  void request(RoutingContext ctx) {
    if (!closingPolls.isEmpty()) {
      Promise<Void> polled = closingPolls.remove(SockJsTransport.pollingSession(ctx.request().path()));
      if (polled != null) {
        ctx.addEndHandler(ended -> polled.tryComplete());
      }
    }
    ctx.next();
  }
}
