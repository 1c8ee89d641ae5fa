package io.squall.http;

import static io.squall.http.HostileNode.readResponse;
import static io.squall.http.HostileNode.readUntilClosed;
import static io.squall.http.HostileNode.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile HTTP/1.1 input, sent as raw bytes: each case gets its status, and the server keeps serving afterwards.
 * Every read waits at most {@link #WAIT_MS}; the default idle timeout (60 s) is far beyond it, so a connection
 * seen closed here was closed on purpose.
 */
class HttpFramingSecurityTest {

  private static final int WAIT_MS = 5_000;
  private static final String HOST = "Host: squall.test\r\n";
  private static final String SMUGGLED = "GET /echo?smuggled=1 HTTP/1.1\r\n" + HOST + "\r\n";

  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer("orders.create", m -> m.reply(new JsonObject().put("ok", true)));
    port = HttpServers.deploy(vertx, options());
  }

  private static HttpOptions options() {
    return new HttpOptions().setAccessLog(false).setXsrf(false).setRoutes(List.of(
        new RouteOptions().setPath("/orders").setKind(RouteOptions.Kind.BUS).setAddress("orders.create"),
        new RouteOptions().setPath("/echo").setKind(RouteOptions.Kind.HANDLER).setHandler(EchoRoute.class.getName())
            .setBodyLimit(1024L)));
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void bodyDeclaredOverTheLimitIs413WithoutWaitingForIt() throws Exception {
    try (Socket socket = connect(port)) {
      send(socket, "POST /orders HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
          + "Content-Length: 100000000\r\n\r\n{\"a\":");
      String answer = readUntilClosed(socket); // 5 of 100 000 000 bytes sent: only an early answer gets here
      assertThat(answer).startsWith("HTTP/1.1 413 ").containsIgnoringCase("connection: close");
    }
    assertStillServing();
  }

  @Test
  void chunkedBodyGrowingPastTheLimitIs413() throws Exception {
    try (Socket socket = connect(port)) {
      String chunk = "400\r\n" + "x".repeat(1024) + "\r\n";
      send(socket, "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n" + chunk + chunk);
      assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 413 ");
    }
    assertStillServing();
  }

  @Test
  void headerBlockOver64KiBIs431AndJustUnderIsServed() throws Exception {
    try (Socket socket = connect(port)) {
      send(socket, "GET /echo HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(60 * 1024) + "\r\n\r\n");
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200 ");
    }
    try (Socket socket = connect(port)) {
      send(socket, "GET /echo HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(65 * 1024) + "\r\n\r\n");
      assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 431 ");
    }
    assertStillServing();
  }

  @Test
  void requestLineOverTheLimitIs414() throws Exception {
    try (Socket socket = connect(port)) {
      send(socket, "GET /echo?q=" + "a".repeat(HttpOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH) + " HTTP/1.1\r\n"
          + HOST + "\r\n");
      assertThat(readUntilClosed(socket)).matches("(?s)HTTP/1\\.[01] 414 .*");
    }
    assertStillServing();
  }

  @Test
  void lineBreakInAHeaderValueFromUserInputIsRefusedNotSplit() throws Exception {
    try (Socket socket = connect(port)) {
      send(socket, "GET /echo?header=a%0d%0aX-Injected:%20yes HTTP/1.1\r\n" + HOST + "\r\n");
      String answer = readResponse(socket);
      assertThat(answer).startsWith("HTTP/1.1 500 ");
      assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("x-injected").doesNotContain("x-echo");
    }
    assertStillServing();
  }

  static Stream<Named<String>> smuggling() {
    String post = "POST /echo HTTP/1.1\r\n" + HOST;
    String chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
    return Stream.of(
        Named.of("Content-Length: +5", post + "Content-Length: +5\r\n\r\nhello"),
        Named.of("Content-Length: 1_0", post + "Content-Length: 1_0\r\n\r\nhello12345"),
        Named.of("Content-Length with Transfer-Encoding",
            post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        Named.of("two different Content-Lengths", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
        Named.of("Transfer-Encoding: gzip, chunked",
            post + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
        Named.of("Transfer-Encoding: xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
        Named.of("Transfer-Encoding twice",
            post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
        Named.of("Transfer-Encoding on HTTP/1.0", "POST /echo HTTP/1.0\r\n" + HOST
            + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
        Named.of("chunk size 0x5", chunked + "0x5\r\nhello\r\n0\r\n\r\n"),
        Named.of("chunk size 5 5", chunked + "5 5\r\nhello\r\n0\r\n\r\n"),
        Named.of("chunk size +5", chunked + "+5\r\nhello\r\n0\r\n\r\n"),
        Named.of("chunk longer than its size", chunked + "5\r\nhello, world\r\n0\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smuggling")
  void ambiguousFramingIs400AndClosesBeforeTheNextRequest(String request) throws Exception {
    try (Socket socket = connect(port)) {
      send(socket, request + SMUGGLED);
      String answer = readUntilClosed(socket);
      assertThat(answer).matches("(?s)HTTP/1\\.[01] 400 .*");
      assertThat(answer.split("HTTP/1\\.[01] ", -1)).as("responses on the connection").hasSize(2);
    }
    assertStillServing();
  }

  static Stream<Arguments> wellFormed() {
    String chunked = "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n";
    return Stream.of(
        Arguments.of(Named.of("chunk extension 5;", chunked + "5;\r\nhello\r\n0\r\n\r\n"), 5),
        Arguments.of(Named.of("chunk extension 5 ;a=b", chunked + "5 ;a=b\r\nhello\r\n0\r\n\r\n"), 5),
        Arguments.of(Named.of("upper-case hex and a trailer",
            chunked + "2\r\nhe\r\nA\r\nllo, world\r\n0\r\nX-T: 1\r\n\r\n"), 12),
        Arguments.of(Named.of("Transfer-Encoding: Chunked", "POST /echo HTTP/1.1\r\n" + HOST
            + "Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void wellFormedChunkedBodiesAreStillServedAndKeptAlive(String request, int bodyLength) throws Exception {
    try (Socket socket = connect(port)) {
      send(socket, request + "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\nhi");
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got " + bodyLength + " bytes");
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 2 bytes");
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    int idlePort = HttpServers.deploy(vertx, options().setIdleTimeout(1));
    try (Socket socket = connect(idlePort)) {
      send(socket, "GET /echo HTTP/1.1\r\n" + HOST + "\r\n");
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200 ");
      long idleSince = System.nanoTime();
      assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
      assertThat((System.nanoTime() - idleSince) / 1_000_000).as("ms until closed").isBetween(500L, 4_000L);
    }
  }

  private void assertStillServing() throws IOException {
    try (Socket socket = connect(port)) {
      send(socket, "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello");
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 5 bytes");
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(WAIT_MS); // every read below waits on the server with this timeout, never a sleep
    return socket;
  }
}
