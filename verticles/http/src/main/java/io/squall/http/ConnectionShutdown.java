package io.squall.http;

import io.vertx.core.http.HttpConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What open-ended responses (SSE streams) do when the server shuts their connection down. {@code
 * HttpServer.shutdown(timeout)} (the verticle's stop) asks every connection to finish: HTTP/1.1 closes once the
 * response in progress ends, HTTP/2 sends GOAWAY and waits for its streams. A stream never ends by itself, so it held
 * a draining node for the whole {@code shutdownTimeout} and was then cut without a word. A connection has one
 * shutdown handler and an HTTP/2 connection carries many streams: hence a set of hooks per connection. Used on the
 * event loop of one verticle instance, like the connections of its server.
 */
final class ConnectionShutdown {

  private final Map<HttpConnection, Set<Runnable>> hooks = new HashMap<>();

  /** {@code hook} runs when {@code connection} begins to shut down, unless removed before. */
  void add(HttpConnection connection, Runnable hook) {
    hooks.computeIfAbsent(connection, c -> {
      c.shutdownHandler(v -> run(c));
      return new LinkedHashSet<>();
    }).add(hook);
  }

  void remove(HttpConnection connection, Runnable hook) {
    Set<Runnable> registered = hooks.get(connection);
    if (registered != null && registered.remove(hook) && registered.isEmpty()) {
      hooks.remove(connection);
      connection.shutdownHandler(null);
    }
  }

  private void run(HttpConnection connection) {
    Set<Runnable> registered = hooks.remove(connection);
    if (registered != null) {
      new ArrayList<>(registered).forEach(Runnable::run);
    }
  }
}
