package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gzip at level 6 for text types from 1024 bytes up, when the client accepts it. The clients here (the JDK's) never
 * decompress by themselves: the bytes checked are the bytes sent.
 */
class CompressionTest {

  private static final int KIB4 = 4096;

  private Vertx vertx;
  private SquallClient client;

  private static HttpOptions options() {
    return new HttpOptions().setAccessLog(false).setRoutes(List.of(
        BodyRoute.route("/text", "text/plain; charset=utf-8", KIB4),
        BodyRoute.route("/html", "text/html; charset=utf-8", KIB4),
        BodyRoute.route("/small", "text/plain; charset=utf-8", 100),
        BodyRoute.route("/under", "text/plain; charset=utf-8", HttpOptions.DEFAULT_COMPRESSION_MIN_SIZE - 1),
        BodyRoute.route("/at", "text/plain; charset=utf-8", HttpOptions.DEFAULT_COMPRESSION_MIN_SIZE),
        BodyRoute.route("/png", "image/png", KIB4),
        BodyRoute.route("/json", "application/json", KIB4),
        BodyRoute.route("/none", "application/octet-stream", KIB4),
        BodyRoute.route("/pregzipped", "application/octet-stream", KIB4)
            .setConfig(new JsonObject().put("type", "application/octet-stream").put("size", KIB4).put("gzip", true))));
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = SquallClient.to(HttpServers.deploy(vertx, options()));
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static HttpResponse<byte[]> get(SquallClient client, String path, String acceptEncoding) {
    HttpRequest.Builder b = client.request(path).GET();
    if (acceptEncoding != null) {
      b.header("Accept-Encoding", acceptEncoding);
    }
    return checked(client.send(b, HttpResponse.BodyHandlers.ofByteArray()));
  }

  private static HttpResponse<byte[]> get(HttpClient h2, String url, String acceptEncoding) throws Exception {
    return checked(h2.send(HttpRequest.newBuilder(URI.create(url)).timeout(SquallClient.TIMEOUT)
        .header("Accept-Encoding", acceptEncoding).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
  }

  private static HttpResponse<byte[]> checked(HttpResponse<byte[]> res) {
    assertThat(res.statusCode()).isEqualTo(200);
    // "identity" is how SecurityHeaders keeps a type uncompressed; it is no content coding a client should see
    assertThat(res.headers().allValues("content-encoding")).noneMatch(v -> v.equalsIgnoreCase("identity"));
    return res;
  }

  private HttpResponse<byte[]> get(String path) {
    return get(client, path, "gzip, deflate");
  }

  private static void assertGzipped(HttpResponse<byte[]> res, int size) throws Exception {
    assertThat(res.headers().allValues("content-encoding")).containsExactly("gzip");
    assertThat(res.body().length).isLessThan(size / 2);
    assertThat(gunzip(res.body())).isEqualTo(BodyRoute.body(size));
  }

  private static void assertPlain(HttpResponse<byte[]> res, int size) {
    assertThat(res.headers().firstValue("content-encoding")).isEmpty();
    assertThat(res.body()).isEqualTo(BodyRoute.body(size));
  }

  @Test
  void textFromTheMinimumSizeUpIsGzipped() throws Exception {
    assertGzipped(get("/text"), KIB4);
    assertGzipped(get("/html"), KIB4);
    assertGzipped(get("/at"), HttpOptions.DEFAULT_COMPRESSION_MIN_SIZE);
  }

  @Test
  void jsonIsGzipped() throws Exception {
    assertGzipped(get("/json"), KIB4);
  }

  @Test
  void smallBodiesAreSentAsTheyAre() throws Exception {
    assertPlain(get("/small"), 100);
    assertPlain(get("/under"), HttpOptions.DEFAULT_COMPRESSION_MIN_SIZE - 1);
  }

  @Test
  void imagesAndOtherBinaryTypesAreSentAsTheyAre() throws Exception {
    assertPlain(get("/png"), KIB4);
    assertPlain(get("/none"), KIB4);
  }

  @Test
  void aBodyTheHandlerGzippedKeepsItsContentEncoding() throws Exception {
    HttpResponse<byte[]> res = get("/pregzipped");
    assertThat(res.headers().allValues("content-encoding")).containsExactly("gzip");
    assertThat(gunzip(res.body())).isEqualTo(BodyRoute.body(KIB4));
  }

  @Test
  void nothingIsGzippedForAClientThatDoesNotAcceptIt() throws Exception {
    assertPlain(get(client, "/text", null), KIB4);
    assertPlain(get(client, "/text", "br"), KIB4);
  }

  @Test
  void theLevelIs6() throws Exception {
    byte[] body = BodyRoute.body(KIB4);
    byte[] sent = get("/text").body();
    // A gzip member: 10-byte header, the deflate stream, CRC-32 and length. Netty deflates a whole response with
    // one SYNC_FLUSH and then finishes; the same with java.util.zip at level 6 gives the same bytes.
    byte[] stream = Arrays.copyOfRange(sent, 10, sent.length - 8);
    assertThat(deflate(body, 1)).isNotEqualTo(deflate(body, 6)); // the body tells the levels apart
    assertThat(stream).isEqualTo(deflate(body, 6));
    assertThat(HttpVerticle.serverOptions(new HttpOptions()).getCompressionLevel()).isEqualTo(6);
  }

  @Test
  void compressionOffSendsEverythingAsItIs() throws Exception {
    SquallClient off = SquallClient.to(HttpServers.deploy(vertx, options().setCompression(false)));
    for (String path : List.of("/text", "/json", "/png", "/small")) {
      HttpResponse<byte[]> res = get(off, path, "gzip");
      assertThat(res.headers().firstValue("content-encoding")).as(path).isEmpty();
    }
    assertPlain(get(off, "/text", "gzip"), KIB4);
  }

  @Test
  void overHttp2TheSameRulesHold() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    try {
      int tls = HttpServers.deploy(vertx,
          options().setTlsCert(cert.certificatePath()).setTlsKey(cert.privateKeyPath()));
      // HTTP/2 over TLS, trusting the test's certificate: beyond SquallClient (plain HTTP/1.1), so a JDK client here
      HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(SquallClient.TIMEOUT)
          .sslContext(TlsTest.trusting(Path.of(cert.certificatePath()))).build();
      String base = "https://localhost:" + tls;
      HttpResponse<byte[]> text = get(h2, base + "/text", "gzip");
      assertThat(text.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertGzipped(text, KIB4);
      assertGzipped(get(h2, base + "/json", "gzip"), KIB4);
      assertPlain(get(h2, base + "/png", "gzip"), KIB4);
      assertPlain(get(h2, base + "/small", "gzip"), 100);
    } finally {
      cert.delete();
    }
  }

  private static byte[] gunzip(byte[] gz) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** Raw deflate of {@code data} at {@code level} as Netty's JdkZlibEncoder writes it: one sync flush, then finish. */
  private static byte[] deflate(byte[] data, int level) {
    Deflater deflater = new Deflater(level, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    deflater.setInput(data);
    int n;
    while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(buf, 0, n);
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return out.toByteArray();
  }
}
