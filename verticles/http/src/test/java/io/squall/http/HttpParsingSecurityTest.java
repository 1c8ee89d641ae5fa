package io.squall.http;

import static io.squall.http.HostileNode.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpRejects.Reason;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and abusive HTTP/1.1 requests, sent byte for byte on a real node: each is refused (or bounded) the way
 * RFC 9112 and Tornado's advisories ask, the refusal is counted in the node's metrics, and afterwards the node is
 * still ready and serving. Request smuggling (Content-Length, Transfer-Encoding, chunk sizes) and the size limits are
 * in {@link HttpFramingSecurityTest}; slow clients in {@link SlowClientAbuseTest}.
 */
class HttpParsingSecurityTest {

  /** Far above what a linear parse of these inputs takes on a loaded CI machine, far below a quadratic one. */
  private static final long FAST_MS = 2_000;

  @TempDir
  static Path dir;
  private static HostileNode node;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(dir.resolve("static"));
    node = new HostileNode(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Sends {@code request}, expects {@code status} and a closed connection, and the reject counted as {@code reason}. */
  private static String refused(String request, int status, Reason reason) throws Exception {
    double before = node.rejected(reason);
    String answer = node.exchange(request);
    assertThat(answer).matches("(?s)HTTP/1\\.[01] " + status + " .*");
    node.awaitRejected(reason, before + 1);
    node.assertStillServing();
    return answer;
  }

  /** Issue 19, point 6: the answer echoed whatever the client wrote as its protocol (HTTP/9.9 501, HTTZ/1.1 501). */
  @Test
  void anUnsupportedVersionIs505AndAMalformedOne400BothInHttp11() throws Exception {
    String unsupported = node.exchange("GET /echo HTTP/9.9\r\n" + HOST + "\r\n\r\n");
    String malformed = node.exchange("GET /echo HTTZ/1.1\r\n" + HOST + "\r\n\r\n");

    assertThat(unsupported).startsWith("HTTP/1.1 505 ");
    assertThat(malformed).startsWith("HTTP/1.1 400 ");
    node.assertStillServing();
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(ints = {0x00, 0x01, 0x1b, 0x7f})
  void controlCharacterInTheRequestTargetIs400(int control) throws Exception {
    refused("GET /echo" + (char) control + "x HTTP/1.1\r\n" + HOST + "\r\n", 400, Reason.FRAMING);
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(ints = {0x00, 0x01, 0x0b, 0x0d, 0x7f})
  void controlCharacterInAHeaderValueIs400(int control) throws Exception {
    refused("GET /echo HTTP/1.1\r\n" + HOST + "X-Note: a" + (char) control + "b\r\n\r\n", 400, Reason.BAD_REQUEST);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"X Note", "X(Note)", "X-Not\u00e9", "X-Note ", "X\u0001Note", "\"X\""})
  void headerNameOutsideTheTokenCharsetIs400(String name) throws Exception {
    refused("GET /echo HTTP/1.1\r\n" + HOST + name + ": b\r\n\r\n", 400, Reason.BAD_REQUEST);
  }

  @ParameterizedTest(name = "fold with U+{0}")
  @ValueSource(ints = {' ', '\t'})
  void obsFoldHeaderLineIs400(int fold) throws Exception {
    // Joined, "Content-Length: 1 0" could be read as 1, 10 or 0 by different parsers: refused, not joined.
    refused("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\n" + (char) fold + "0\r\n\r\n0123456789", 400,
        Reason.FRAMING);
  }

  /**
   * One write with a whole request and the first lines of a second head: the first answer proves the server has read
   * both, so whatever is sent next arrives in a later read than the start of that head (no sleep needed).
   */
  private static void sendAWholeRequestAndTheStartOfASecondHead(Socket socket) throws Exception {
    HostileNode.send(socket, "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\nhi"
        + "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\n");
    assertThat(HostileNode.readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 2 bytes");
  }

  @Test
  void anObsFoldLineArrivingInALaterReadThanTheLineItContinuesIs400() throws Exception {
    // The head scan resumes where the previous read ended.
    double before = node.rejected(Reason.FRAMING);
    try (Socket socket = node.connect()) {
      sendAWholeRequestAndTheStartOfASecondHead(socket);
      HostileNode.send(socket, " 0\r\n\r\n0123456789");
      assertThat(HostileNode.readUntilClosed(socket)).matches("(?s)HTTP/1\\.[01] 400 .*");
    }
    node.awaitRejected(Reason.FRAMING, before + 1);
    node.assertStillServing();
  }

  @Test
  void aHeadSplitAcrossReadsWithoutFoldsIsServed() throws Exception {
    try (Socket socket = node.connect()) {
      sendAWholeRequestAndTheStartOfASecondHead(socket);
      HostileNode.send(socket, "X-Note: a\r\n\r\n0");
      assertThat(HostileNode.readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 1 bytes");
    }
  }

  @Test
  void aBodyWhoseLinesStartWithSpaceOrTabIsNotTakenForFolds() throws Exception {
    // The head scan stops at the empty line that ends the head: a body is data, and so is the next request's.
    try (Socket socket = node.connect()) {
      HostileNode.send(socket, "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 8\r\n\r\n a\r\n\tb\r\n"
          + "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\n\r\n ");
      assertThat(HostileNode.readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 8 bytes");
      assertThat(HostileNode.readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 1 bytes");
    }
  }

  @Test
  void emptyLinesBeforeTheRequestLineAreSkippedNotTakenForTheEndOfTheHead() throws Exception {
    // RFC 9112 2.2: a server should ignore at least one empty line before the request line; the fold check must
    // still see the header lines after it.
    try (Socket socket = node.connect()) {
      HostileNode.send(socket, "\r\n\r\nPOST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\nhi");
      assertThat(HostileNode.readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("got 2 bytes");
    }
    refused("\r\nGET /echo HTTP/1.1\r\n" + HOST + "X-Note: a\r\n b\r\n\r\n", 400, Reason.FRAMING);
  }

  @Test
  void twentyThousandObsFoldLinesAreRefusedInLinearTime() throws Exception {
    // Netty joins fold lines by string concatenation: ~20,000 of them within the 64 KiB header limit cost seconds of
    // event loop (GHSA-pcg2-g6cj-q92c). Refused from the raw bytes, before any joining.
    String folds = "GET /echo HTTP/1.1\r\n" + HOST + "X-Folded: a\r\n" + " a\r\n".repeat(20_000) + "\r\n";
    long start = System.nanoTime();
    refused(folds, 400, Reason.FRAMING);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(FAST_MS);
  }

  @Test
  void twoHostHeadersAre400() throws Exception {
    refused("GET /echo HTTP/1.1\r\nHost: squall.test\r\nHost: evil.example\r\n\r\n", 400, Reason.FRAMING);
  }

  @Test
  void tenThousandRepeatedHeadersOverTheHeaderLimitAre431Fast() throws Exception {
    // CVE-2025-67725: Tornado joined repeated headers quadratically. Here they are bounded by maxHeaderSize.
    String request = "GET /echo HTTP/1.1\r\n" + HOST + "X-Repeated: a\r\n".repeat(10_000) + "\r\n";
    long start = System.nanoTime();
    refused(request, 431, Reason.HEADER_TOO_LARGE);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(FAST_MS);
  }

  @Test
  void repeatedHeadersJustUnderTheHeaderLimitAreServedFast() throws Exception {
    String request = "GET /echo HTTP/1.1\r\n" + HOST + "X-R: a\r\n".repeat(9_000) + "Connection: close\r\n\r\n";
    long start = System.nanoTime();
    assertThat(node.exchange(request)).startsWith("HTTP/1.1 200 ");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(FAST_MS);
  }

  @Test
  void cookieHeaderOfManyBackslashesIsParsedInLinearTime() throws Exception {
    // CVE-2024-52804: Tornado unquoted cookie values with backslashes quadratically. /reflect counts the cookies,
    // so the header is parsed for sure; 60 KiB of backslashes inside quotes, plus many small quoted cookies.
    String cookie = "Cookie: a=\"" + "\\".repeat(60_000) + "\"; " + "b=\"\\\\\"; ".repeat(400) + "c=1\r\n";
    long start = System.nanoTime();
    String answer = node.exchange("GET /reflect HTTP/1.1\r\n" + HOST + cookie + "Connection: close\r\n\r\n");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(FAST_MS);
    assertThat(answer).startsWith("HTTP/1.1 200 ").containsPattern("cookies \\d+$");
    node.assertStillServing();
  }

  @Test
  void urlencodedBodyWithAHugeNumberOfFieldsIs400Fast() throws Exception {
    // GHSA-mpf4-983q-p7j4: fields are capped (maxFormFields, 100): the decoder stops at the cap.
    String form = "a=1&".repeat(200_000);
    double before = node.requests("4xx");
    long start = System.nanoTime();
    String answer = node.exchange("POST /orders HTTP/1.1\r\n" + HOST + "Connection: close\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(FAST_MS);
    assertThat(answer).startsWith("HTTP/1.1 400 ");
    node.awaitRequests("4xx", before + 1);
    node.assertStillServing();
  }

  @Test
  void urlencodedBodyAtTheFieldLimitIsServed() throws Exception {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < HttpOptions.DEFAULT_MAX_FORM_FIELDS; i++) {
      form.append(i == 0 ? "" : "&").append("f").append(i).append("=1");
    }
    String answer = node.exchange("POST /orders HTTP/1.1\r\n" + HOST + "Connection: close\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form);
    assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("{\"fields\":" + HttpOptions.DEFAULT_MAX_FORM_FIELDS + "}");
  }

  @Test
  void multipartWithManyPartsIs400Fast() throws Exception {
    // CVE-2026-31958: a flood of tiny parts. Capped at maxFormFields (100) parts.
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 5_000; i++) { // 300 KB: under the body limit
      body.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
    }
    body.append("--b--\r\n");
    multipartRefused(body.toString());
  }

  @Test
  void multipartWithAHugePartHeaderIs400Fast() throws Exception {
    // CVE-2025-67726: parameters of a part header were parsed quadratically. Part headers are buffered up to 1 KiB.
    String body = "--b\r\nContent-Disposition: form-data; name=\"f\"" + "; a=\"\\\\\"".repeat(50_000)
        + "\r\n\r\nv\r\n--b--\r\n";
    multipartRefused(body);
  }

  private static void multipartRefused(String body) throws Exception {
    double before = node.requests("4xx");
    long start = System.nanoTime();
    String answer = node.exchange("POST /orders HTTP/1.1\r\n" + HOST + "Connection: close\r\n"
        + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(FAST_MS);
    assertThat(answer).startsWith("HTTP/1.1 400 ");
    node.awaitRequests("4xx", before + 1);
    node.assertStillServing();
  }

  @Test
  void aSmallMultipartFormIsServed() throws Exception {
    String body = "--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n--b--\r\n";
    String answer = node.exchange("POST /orders HTTP/1.1\r\n" + HOST + "Connection: close\r\n"
        + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("{\"fields\":1}");
  }

  @Test
  void gzipRequestBodyIsNeverInflated() throws Exception {
    // 100 MiB of zeros compress to ~100 KiB: were request decompression on, the handler would get 100 MiB (or the
    // body limit would count compressed bytes, Tornado's CVE-2026-49855 on its client side).
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        gzip.write(zeros);
      }
    }
    byte[] body = bomb.toByteArray();
    try (Socket socket = node.connect()) {
      socket.getOutputStream().write(("POST /echo HTTP/1.1\r\n" + HOST + "Content-Encoding: gzip\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(body);
      assertThat(HostileNode.readUntilClosed(socket)).startsWith("HTTP/1.1 200 ").endsWith("got " + body.length + " bytes");
    }
    node.assertStillServing();
  }

  @Test
  void aBodyDeclaredOverTheLimitIs413AndCounted() throws Exception {
    // The 413 closes the connection from an end handler; it once replaced Vert.x Web's and the 413 went uncounted.
    double before = node.requests("4xx");
    assertThat(node.exchange("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 100000000\r\n\r\nabc"))
        .startsWith("HTTP/1.1 413 ");
    node.awaitRequests("4xx", before + 1);
    node.assertStillServing();
  }

  @Test
  void framingRefusalsAreCountedOnTheScrapedMetrics() throws Exception {
    refused("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
        Reason.FRAMING);
    String metrics = node.scrape();
    assertThat(metrics).containsPattern("squall_http_rejected_total\\{reason=\"framing\"} [1-9][0-9]*\\.0")
        .contains("squall_http_rejected_total{reason=\"header_timeout\"}");
  }
}
