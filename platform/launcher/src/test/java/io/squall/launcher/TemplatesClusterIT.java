package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The templates verticle across real JVMs: pages asked of a node without it are rendered on another node. */
class TemplatesClusterIT {

  private static final String APP = "src/test/resources/descriptors/good/templates-cluster-app.yaml";
  private final List<SquallProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, String cluster, String roles, String... extra) {
    SquallProcess p = SquallProcess.clusterMember(APP, cluster, roles, extra).name(name).start();
    processes.add(p);
    return p;
  }

  private static HttpResponse<String> get(int port, String path, String language) {
    return SquallClient.to(port).get(path, "Accept-Language", language);
  }

  @Test
  void aNodeWithoutTheTemplatesVerticleServesPagesRenderedOnAnother() throws Exception {
    String cluster = "squall-templates-it-" + UUID.randomUUID();
    SquallProcess back = node("back", cluster, "back");
    SquallProcess edge = node("edge", cluster, "edge", "--http-port", "0");
    back.awaitReady();
    int port = edge.awaitReady().port("http");
    awaitCondition("two members", Duration.ofSeconds(30), () -> edge.info().getInteger("members") == 2);

    HttpResponse<String> home = get(port, "/", "fr-CH, fr;q=0.9");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.headers().firstValue("content-language")).hasValue("fr");
    assertThat(home.body()).startsWith("<!DOCTYPE html>").contains("<html lang=\"fr\">", "<title>Salons · Squall chat",
        "href=\"/rooms/lobby\"", "Se connecter");

    HttpResponse<String> room = get(port, "/rooms/caf%C3%A9%20%3Cb%3E", "en");
    assertThat(room.statusCode()).isEqualTo(200);
    assertThat(room.body()).contains("<h1>#café &lt;b&gt;</h1>", "No messages yet");

    HttpResponse<String> missing = get(port, "/missing", "en");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("template no-such-page.peb not found");
  }
}
