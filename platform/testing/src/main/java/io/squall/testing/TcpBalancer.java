package io.squall.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;

/**
 * A failover load balancer for tests, as a proxy in front of several nodes' ports on loopback: each new connection
 * goes to the first backend, in the given order, that accepts it; a killed node refuses, so a client that reconnects
 * lands on the next live one (what haproxy with health checks does). Bytes are piped both ways untouched (HTTP,
 * WebSocket, SockJS alike); when a backend drops a connection, the client's side is closed too.
 */
public final class TcpBalancer {

  private final NetServer server;
  private final NetClient client;
  private final List<Integer> backends;

  private TcpBalancer(Vertx vertx, List<Integer> backends) {
    this.backends = List.copyOf(backends);
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(this::accept);
  }

  /** Listens on {@code port} (0: any free port). */
  public static Future<TcpBalancer> start(Vertx vertx, int port, List<Integer> backendPorts) {
    TcpBalancer balancer = new TcpBalancer(vertx, backendPorts);
    return balancer.server.listen(port, "127.0.0.1").map(s -> balancer);
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close().eventually(client::close);
  }

  private void accept(NetSocket front) {
    front.pause();
    connect(front, 0);
  }

  private void connect(NetSocket front, int index) {
    if (index == backends.size()) {
      front.close();
      return;
    }
    client.connect(backends.get(index), "127.0.0.1").onSuccess(back -> {
      // not pipeTo: a pipe ends its destination only on a clean end, and a killed node resets the connection
      front.handler(back::write);
      back.handler(front::write);
      front.closeHandler(v -> back.close());
      back.closeHandler(v -> front.close());
      front.resume();
    }).onFailure(e -> connect(front, index + 1));
  }
}
