package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request, with the client address as {@link ClientAddress} established it (not the proxy's). */
final class AccessLog implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger("squall.http.access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(v -> log.info("{} {} {} {} {}B {}ms", ClientAddress.of(ctx), ctx.request().method(),
        ctx.request().uri(), ctx.response().getStatusCode(), ctx.response().bytesWritten(),
        (System.nanoTime() - start) / 1_000_000));
    ctx.next();
  }
}
