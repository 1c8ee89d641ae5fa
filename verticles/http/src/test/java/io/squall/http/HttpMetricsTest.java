package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Node;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallNodes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HttpMetricsTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  @Test
  void requestsShowUpOnTheNodesMetricsByRouteMethodAndStatusClass() throws Exception {
    Path descriptor = dir.resolve("app.yaml");
    Files.writeString(descriptor, """
        name: metrics
        verticles:
          - name: http
            class: io.squall.http.HttpVerticle
            config:
              port: 0
              host: 127.0.0.1
              xsrf: false
              cookieSecrets: {"1": "test-only-cookie-secret-0123456789abcdef"}
              routes:
                - {name: echo, path: "/echo/*", kind: handler, handler: io.squall.http.EchoRoute}
                - {path: /plain, kind: redirect, to: /echo/x}
        """);
    Node node = nodes.start(SquallNodes.options(descriptor.toString()));
    int port = node.port("http");

    // On one connection, one after the other: when the last answer is in, the earlier requests are over (recorded).
    List<RawHttp.Response> answers = RawHttp.sequence(port, "/echo/a", "/echo/b", "/missing", "/plain", "/echo/c");
    assertThat(answers).extracting(RawHttp.Response::status).containsExactly(200, 200, 404, 302, 200);

    HttpResponse<String> metrics = SquallClient.to(node.managementPort()).get("/metrics");
    assertThat(metrics.body())
        .containsPattern("squall_http_server_requests_total\\{method=\"GET\",route=\"echo\",status=\"2xx\"} [23]\\.0")
        .contains("squall_http_server_requests_total{method=\"GET\",route=\"unmatched\",status=\"4xx\"} 1.0")
        .contains("squall_http_server_requests_total{method=\"GET\",route=\"/plain\",status=\"3xx\"} 1.0")
        .contains("squall_http_server_duration_seconds_count{method=\"GET\",route=\"echo\",status=\"2xx\"}")
        .contains("squall_http_server_duration_seconds_sum{method=\"GET\",route=\"unmatched\",status=\"4xx\"}")
        // Vert.x's own per-request meters are off: they cost a registry lookup per request
        .doesNotContain("vertx_http_server_requests_total");
  }
}
