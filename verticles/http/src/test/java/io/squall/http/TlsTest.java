package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS from PEM files: HTTPS with HTTP/2 by ALPN, HTTP/1.1 still served, HSTS and Secure cookies only on TLS. */
class TlsTest {

  /** For "localhost": the clients below connect by that name, so hostname verification stays on. */
  private static SelfSignedCertificate cert;
  /** JDK clients of their own: TLS that trusts the test's certificate is beyond SquallClient (plain HTTP/1.1). */
  private static HttpClient h2;
  private static HttpClient h1;

  private Vertx vertx;
  private int tlsPort;
  private int plainPort;

  @BeforeAll
  static void certificate() throws Exception {
    cert = SelfSignedCertificate.create();
    SSLContext trusting = trusting(Path.of(cert.certificatePath()));
    h2 = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_2)
        .connectTimeout(SquallClient.TIMEOUT).build();
    h1 = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(SquallClient.TIMEOUT).build();
  }

  @AfterAll
  static void deleteCertificate() {
    cert.delete();
  }

  /** An SSL context that trusts exactly the given PEM certificate. */
  static SSLContext trusting(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      store.setCertificateEntry("squall-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static HttpOptions options() {
    return new HttpOptions().setAccessLog(false).setRoutes(List.of(
        BodyRoute.route("/page", "text/html; charset=utf-8", 100),
        BodyRoute.route("/session", "text/plain", 10).setSession(true).setConfig(new JsonObject().put("session", true))));
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    tlsPort = HttpServers.deploy(vertx, options().setTlsCert(cert.certificatePath()).setTlsKey(cert.privateKeyPath()));
    plainPort = HttpServers.deploy(vertx, options());
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(SquallClient.TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String https(String path) {
    return "https://localhost:" + tlsPort + path;
  }

  @Test
  void http2IsNegotiatedByAlpn() throws Exception {
    HttpResponse<String> res = get(h2, https("/page"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(res.body()).isEqualTo(new String(BodyRoute.body(100)));
  }

  @Test
  void http11ClientsStillWork() throws Exception {
    HttpResponse<String> res = get(h1, https("/page"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(res.body()).isEqualTo(new String(BodyRoute.body(100)));
  }

  @Test
  void hstsOnTlsResponsesOnlyIncludingErrorPages() throws Exception {
    for (HttpClient client : List.of(h1, h2)) {
      assertThat(get(client, https("/page")).headers().firstValue("strict-transport-security"))
          .hasValue("max-age=31536000; includeSubDomains");
      HttpResponse<String> missing = get(client, https("/missing"));
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("strict-transport-security")).isPresent();
    }
    HttpResponse<String> plainPage = SquallClient.to(plainPort).get("/page");
    assertThat(plainPage.statusCode()).isEqualTo(200);
    assertThat(plainPage.headers().firstValue("strict-transport-security")).isEmpty();
  }

  @Test
  void sessionAndXsrfCookiesAreSecureOnTls() throws Exception {
    for (HttpClient client : List.of(h1, h2)) {
      List<String> cookies = get(client, https("/session")).headers().allValues("set-cookie");
      assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith(Xsrf.COOKIE + "=").containsIgnoringCase("; Secure"));
      assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith(HttpOptions.DEFAULT_SESSION_COOKIE + "=")
          .containsIgnoringCase("; Secure").containsIgnoringCase("HttpOnly"));
    }
    List<String> plainCookies = SquallClient.to(plainPort).get("/session").headers().allValues("set-cookie");
    assertThat(plainCookies).hasSize(2).noneSatisfy(c -> assertThat(c).containsIgnoringCase("secure"));
  }

  @Test
  void onlyOneOfCertAndKeyFailsTheStartNamingBoth() {
    for (HttpOptions half : List.of(options().setTlsCert(cert.certificatePath()),
        options().setTlsKey(cert.privateKeyPath()))) {
      assertThatThrownBy(() -> HttpServers.deploy(vertx, half))
          .rootCause().hasMessageContaining("tlsCert").hasMessageContaining("tlsKey");
    }
  }

  @Test
  void missingPemFileFailsTheStartNamingTheFile() {
    Path dir = Path.of(cert.certificatePath()).getParent();
    String missingCert = dir.resolve("no-such-cert.pem").toString();
    assertThatThrownBy(() -> HttpServers.deploy(vertx,
        options().setTlsCert(missingCert).setTlsKey(cert.privateKeyPath())))
        .cause().hasMessageContaining("tlsCert: file '" + missingCert + "' does not exist");
    String missingKey = dir.resolve("no-such-key.pem").toString();
    assertThatThrownBy(() -> HttpServers.deploy(vertx,
        options().setTlsCert(cert.certificatePath()).setTlsKey(missingKey)))
        .cause().hasMessageContaining("tlsKey: file '" + missingKey + "' does not exist");
  }

  @Test
  void fileThatIsNotPemFailsTheStartNamingTheFiles(@TempDir Path dir) throws Exception {
    String junk = Files.writeString(dir.resolve("junk.pem"), "not a pem file").toString();
    assertThatThrownBy(() -> HttpServers.deploy(vertx,
        options().setTlsCert(junk).setTlsKey(cert.privateKeyPath())))
        .cause().hasMessageContaining("tlsCert " + junk).hasMessageContaining("BEGIN CERTIFICATE");
    assertThatThrownBy(() -> HttpServers.deploy(vertx,
        options().setTlsCert(cert.certificatePath()).setTlsKey(junk)))
        .cause().hasMessageContaining("tlsKey " + junk).hasMessageContaining("PRIVATE KEY");
  }
}
