package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpOptions;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The http verticle across real JVMs: a bus route answered on another node, a session read on another node. */
class HttpClusterIT {

  private static final String APP = "src/test/resources/descriptors/good/http-cluster-app.yaml";
  private final List<SquallProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, String cluster, String roles, String... extra) {
    List<String> args = new ArrayList<>(List.of("--classpath", Path.of("target/test-classes").toAbsolutePath().toString()));
    args.addAll(List.of(extra));
    SquallProcess p = SquallProcess.clusterMember(APP, cluster, roles, args.toArray(String[]::new)).name(name)
        .withTestVerticles().start();
    processes.add(p);
    return p;
  }

  private static HttpResponse<String> get(int port, String path, String cookie) {
    return cookie == null ? SquallClient.to(port).get(path) : SquallClient.to(port).get(path, "cookie", cookie);
  }

  @Test
  void aBusRouteOnOneNodeIsAnsweredOnAnotherAndASessionIsReadOnAThird() throws Exception {
    String cluster = "squall-http-it-" + UUID.randomUUID();
    SquallProcess back = node("back", cluster, "back");
    SquallProcess edgeA = node("edge-a", cluster, "edge", "--http-port", "0");
    SquallProcess edgeC = node("edge-c", cluster, "edge", "--http-port", "0");
    back.awaitReady();
    int portA = edgeA.awaitReady().port("http");
    int portC = edgeC.awaitReady().port("http");
    awaitCondition("three members", Duration.ofSeconds(30), () -> edgeA.info().getInteger("members") == 3);

    HttpResponse<String> echoed = get(portA, "/echo?text=hi", null);
    assertThat(echoed.statusCode()).isEqualTo(200);
    JsonObject reply = new JsonObject(echoed.body());
    assertThat(reply.getString("from")).isEqualTo("back");
    assertThat(reply.getJsonObject("echo").getString("text")).isEqualTo("hi");

    HttpResponse<String> stored = get(portA, "/session/put?v=kept-across-nodes", null);
    String setCookie = stored.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith(HttpOptions.DEFAULT_SESSION_COOKIE + "=")).findFirst().orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    HttpResponse<String> read = get(portC, "/session/get", cookie);
    assertThat(read.body()).isEqualTo("kept-across-nodes");
  }
}
