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
 * code would be 143) and could not be bounded; a signal handler can. The handlers are installed before the node
 * starts, so a signal during start-up (a slow cluster join) stops the node as soon as it is up. A second signal
 * stops at once.
 */
final class Shutdown {

  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);
  /** Time for Vert.x to close and Hazelcast to leave after the drain itself (drain 20 + 8 fits a 30 s grace). */
  static final int LEAVE_SECONDS = 8;

  private final int drainSeconds;
  private final AtomicBoolean signalled = new AtomicBoolean();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile Node node;

  private Shutdown(int drainSeconds) {
    this.drainSeconds = drainSeconds;
  }

  static Shutdown install(int drainSeconds) {
    Shutdown shutdown = new Shutdown(drainSeconds);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> shutdown.onSignal("SIG" + name));
    }
    return shutdown;
  }

  /** The node is up: drain it now if a signal came while it was starting. */
  void started(Node started) {
    node = started;
    if (signalled.get()) {
      drain(started);
    }
  }

  /** Completes with the exit code once a signal has stopped the node. */
  CompletableFuture<Integer> exitCode() {
    return exit;
  }

  private void onSignal(String name) {
    if (!signalled.compareAndSet(false, true)) {
      log.warn("second {} while draining: stopping now", name);
      Runtime.getRuntime().halt(130);
    }
    Node current = node;
    if (current == null) {
      log.info("{} received while starting: the node stops as soon as it is up", name);
      return;
    }
    log.info("{} received: draining (at most {} s)", name, drainSeconds);
    drain(current);
  }

  private void drain(Node target) {
    target.close().toCompletionStage().toCompletableFuture()
        .orTimeout(drainSeconds + LEAVE_SECONDS, TimeUnit.SECONDS)
        .whenComplete((v, e) -> {
          if (e != null) {
            log.error("node did not stop cleanly: {}", e.toString());
          }
          exit.complete(e == null ? 0 : 1);
        });
  }
}
