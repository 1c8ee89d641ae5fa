package io.squall.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Answers every message on {@code bench.echo} (or the {@code address} config key) with its own body: the far end of
 * bench/run cluster's request/reply latency (BusRequester on another node, or on the same one).
 */
public class EchoConsumer extends VerticleBase {

  public static final String DEFAULT_ADDRESS = "bench.echo";

  @Override
  public Future<?> start() {
    String address = config().getString("address", DEFAULT_ADDRESS);
    return vertx.eventBus().consumer(address, message -> message.reply(message.body())).completion();
  }
}
