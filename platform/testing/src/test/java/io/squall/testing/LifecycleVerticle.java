package io.squall.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records starts and stops by name; stops after {@code stopMillis}, or never when it is negative. */
public class LifecycleVerticle extends VerticleBase {

  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  @Override
  public Future<?> start() {
    EVENTS.add("start " + config().getString("label"));
    return config().getBoolean("failStart", false)
        ? Future.failedFuture("refusing to start: failStart is set") : Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    long millis = config().getLong("stopMillis", 0L);
    if (millis < 0) {
      return Promise.promise().future();
    }
    Promise<Void> stopped = Promise.promise();
    vertx.setTimer(Math.max(1, millis), t -> {
      EVENTS.add("stop " + config().getString("label"));
      stopped.complete();
    });
    return stopped.future();
  }
}
