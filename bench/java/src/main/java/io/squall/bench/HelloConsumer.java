package io.squall.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Answers every message on {@code bench.hello} (or the {@code address} config key) with
 * {"message":"Hello, World!"}: the far end of Squall's /bus route.
 */
public class HelloConsumer extends VerticleBase {

  public static final String DEFAULT_ADDRESS = "bench.hello";

  @Override
  public Future<?> start() {
    String address = config().getString("address", DEFAULT_ADDRESS);
    return vertx.eventBus().consumer(address, message -> message.reply(Hello.message())).completion();
  }
}
