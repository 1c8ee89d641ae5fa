package io.squall.launcher;

import io.squall.platform.Node;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT drain the node and end the process with 0. A JVM shutdown hook would run too late (the exit
 * code would be 143) and could not be bounded; a signal handler can. A second signal while draining stops at once.
 */
final class Shutdown {

  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);
  /** Time for Vert.x to close and Hazelcast to leave after the drain itself. */
  private static final int LEAVE_SECONDS = 15;

  private Shutdown() {
  }

  /** Completes with the exit code once a signal has stopped the node. */
  static CompletableFuture<Integer> onSignals(Node node, int drainSeconds) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    AtomicBoolean draining = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (!draining.compareAndSet(false, true)) {
          log.warn("second SIG{} while draining: stopping now", name);
          Runtime.getRuntime().halt(130);
        }
        log.info("SIG{} received: draining (at most {} s)", name, drainSeconds);
        node.close().toCompletionStage().toCompletableFuture()
            .orTimeout(drainSeconds + LEAVE_SECONDS, TimeUnit.SECONDS)
            .whenComplete((v, e) -> {
              if (e != null) {
                log.error("node did not stop cleanly: {}", e.toString());
              }
              exit.complete(e == null ? 0 : 1);
            });
      });
    }
    return exit;
  }
}
