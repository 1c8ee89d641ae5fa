package io.squall.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The baseline of bench/run ws-fanout and ws-idle: a bare Vert.x WebSocket server on {@code /eventbus/websocket}
 * that speaks the bridge's frame shape and nothing more. {@code register} adds the socket to its verticle
 * instance's set for the address; {@code publish} is parsed once, its {@code rec} frame encoded once, and written to
 * every registered socket: every other instance's on that instance's event loop (one task per instance, not per
 * socket, handed over before this instance writes its own, so the loops write in parallel), then this instance's. {@code ping} is accepted and ignored. No event bus, no permissions, no
 * metrics, default VertxOptions (NIO, as the Squall node).
 *
 * <pre>java -cp squall.jar:squall-bench.jar io.squall.bench.WsFanoutServer PORT [INSTANCES] [HOST]</pre>
 */
public final class WsFanoutServer extends VerticleBase {

  static final String PATH = "/eventbus/websocket";

  /** Every instance's sockets; each instance only ever touches its own, on its own event loop. */
  private static final List<WsFanoutServer> INSTANCES = new CopyOnWriteArrayList<>();

  private final String host;
  private final int port;
  private final Map<String, Set<ServerWebSocket>> byAddress = new HashMap<>();
  private Context loop;

  private WsFanoutServer(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    loop = context;
    INSTANCES.add(this);
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .webSocketHandler(this::accept)
        .listen();
  }

  private void accept(ServerWebSocket ws) {
    if (!PATH.equals(ws.path())) {
      ws.close((short) 1008, "unknown path");
      return;
    }
    ws.textMessageHandler(text -> onFrame(ws, text));
    ws.closeHandler(v -> byAddress.values().forEach(set -> set.remove(ws)));
  }

  private void onFrame(ServerWebSocket ws, String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      ws.writeTextMessage(err("invalid_json"));
      return;
    }
    String type = frame.getString("type", "");
    String address = frame.getString("address");
    switch (type) {
      case "ping" -> { }
      case "register" -> byAddress.computeIfAbsent(address, a -> new LinkedHashSet<>()).add(ws);
      case "unregister" -> {
        Set<ServerWebSocket> set = byAddress.get(address);
        if (set != null) {
          set.remove(ws);
        }
      }
      case "publish" -> {
        String rec = new JsonObject().put("type", "rec").put("address", address)
            .put("body", frame.getValue("body")).encode();
        // the other instances first, so that their loops write in parallel with this one
        for (WsFanoutServer instance : INSTANCES) {
          if (instance != this) {
            instance.loop.runOnContext(v -> instance.deliver(address, rec));
          }
        }
        deliver(address, rec);
      }
      default -> ws.writeTextMessage(err("unknown_type"));
    }
  }

  private void deliver(String address, String rec) {
    Set<ServerWebSocket> set = byAddress.get(address);
    if (set != null) {
      for (ServerWebSocket ws : set) {
        ws.writeTextMessage(rec);
      }
    }
  }

  private static String err(String reason) {
    return new JsonObject().put("type", "err").put("body", reason).encode();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String host = args.length > 2 ? args[2] : "127.0.0.1";
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new WsFanoutServer(host, port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("raw vert.x websocket fan-out listening on ws://" + host + ":" + port
            + PATH + " (" + instances + " instances, native transport: " + vertx.isNativeTransportEnabled() + ")"))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
