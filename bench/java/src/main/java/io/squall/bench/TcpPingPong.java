package io.squall.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * The raw TCP baseline of bench/run cluster's request/reply latency: two JVMs, one blocking socket over loopback
 * (TCP_NODELAY), one message in flight, the same payload size as BusRequester's bodies.
 *
 * <pre>
 * java -cp squall.jar:squall-bench.jar io.squall.bench.TcpPingPong server PORT [HOST]
 * java -cp squall.jar:squall-bench.jar io.squall.bench.TcpPingPong client PORT [HOST] SECONDS WARMUP PAYLOAD
 * java -cp squall.jar:squall-bench.jar io.squall.bench.TcpPingPong client-http HTTP_PORT PORT [HOST]
 * </pre>
 *
 * The server echoes: per connection (a thread each) it reads the payload size (4 bytes), then reads that many bytes
 * and writes them back, until the client closes. The client sends WARMUP unmeasured seconds of round trips, then
 * SECONDS measured ones, and prints {@code RESULT <json>} with BusRequester's fields. {@code client-http} keeps
 * running and serves BusRequester's routes on 127.0.0.1:HTTP_PORT instead ({@code /run?seconds=&warmup=&payload=},
 * {@code /total}, {@code /reset}), each run on one connection kept open between runs, so that bench/run cluster can
 * interleave short runs of every path.
 */
public final class TcpPingPong {

  private TcpPingPong() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    String host = args.length > 2 ? args[2] : "127.0.0.1";
    if (args[0].equals("server")) {
      serve(port, host);
    } else if (args[0].equals("client-http")) {
      int tcpPort = Integer.parseInt(args[2]);
      controlled(port, tcpPort, args.length > 3 ? args[3] : "127.0.0.1");
    } else {
      double seconds = Double.parseDouble(args[3]);
      double warmup = Double.parseDouble(args[4]);
      int payload = Integer.parseInt(args[5]);
      System.out.println("RESULT " + ping(port, host, seconds, warmup, payload).encode());
    }
  }

  private static void serve(int port, String host) throws IOException {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      System.err.println("tcp ping-pong: echoing on " + host + ":" + port);
      while (true) {
        Socket s = server.accept();
        Thread t = new Thread(() -> echo(s), "echo-" + s.getPort());
        t.setDaemon(true);
        t.start();
      }
    }
  }

  private static void echo(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[in.readInt()];
      while (true) {
        in.readFully(buf);
        out.write(buf);
      }
    } catch (IOException e) {
      // the client is done
    }
  }

  private static io.vertx.core.json.JsonObject ping(int port, String host, double seconds, double warmup,
                                                    int payload) throws IOException {
    try (Socket s = connect(port, host, payload)) {
      Histogram latency = pingPong(s, seconds, warmup, payload);
      return BusRequester.summary(latency, seconds).put("failures", 0).put("first_failure", (String) null);
    }
  }

  private static Socket connect(int port, String host, int payload) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 5000);
    new DataOutputStream(s.getOutputStream()).writeInt(payload);
    return s;
  }

  private static Histogram pingPong(Socket s, double seconds, double warmup, int payload) throws IOException {
    Histogram latency = new Histogram(60_000_000_000L, 3);
    byte[] msg = new byte[payload];
    Arrays.fill(msg, (byte) 'x');
    byte[] back = new byte[payload];
    OutputStream out = s.getOutputStream();
    DataInputStream in = new DataInputStream(s.getInputStream());
    long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
    long end = warmupEnd + (long) (seconds * 1e9);
    while (true) {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        break;
      }
      out.write(msg);
      in.readFully(back);
      long t1 = System.nanoTime();
      if (t0 >= warmupEnd) {
        latency.recordValue(Math.min(latency.getHighestTrackableValue(), t1 - t0));
      }
    }
    return latency;
  }

  /** client-http: BusRequester's routes over one kept-open connection; each run on a worker thread, one at a time. */
  private static void controlled(int httpPort, int port, String host) {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    BusRequester.Totals totals = new BusRequester.Totals();
    Socket[] conn = new Socket[1];
    vertx.createHttpServer().requestHandler(req -> {
      if (totals.handle(req, "tcp")) {
        return;
      }
      double seconds = Double.parseDouble(req.getParam("seconds", "10"));
      double warmup = Double.parseDouble(req.getParam("warmup", "3"));
      int payload = Integer.parseInt(req.getParam("payload", "64"));
      vertx.<io.vertx.core.json.JsonObject>executeBlocking(() -> {
        if (conn[0] == null) {
          conn[0] = connect(port, host, payload);
        }
        Histogram latency = pingPong(conn[0], seconds, warmup, payload);
        totals.add("tcp", latency, seconds, 0);
        return BusRequester.summary(latency, seconds).put("failures", 0).put("first_failure", (String) null);
      }).onComplete(ar -> req.response().putHeader("content-type", "application/json")
          .setStatusCode(ar.succeeded() ? 200 : 500)
          .end(ar.succeeded() ? ar.result().encode()
              : new io.vertx.core.json.JsonObject().put("error", String.valueOf(ar.cause())).encode()));
    }).listen(httpPort, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    System.err.println("tcp ping-pong client: control on 127.0.0.1:" + httpPort + ", echo server " + host + ":" + port);
  }
}
