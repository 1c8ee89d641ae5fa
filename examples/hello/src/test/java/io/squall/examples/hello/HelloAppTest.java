package io.squall.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.Ports;
import io.squall.testing.SquallNodes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The app as its users meet it: hello.yaml started as a node, asked over HTTP. */
class HelloAppTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  private final HttpClient client = HttpClient.newHttpClient();

  /** Starts the example's own descriptor on a free port, as {@code --http-port} would. */
  private int startHello() {
    int port = Ports.free();
    nodes.start(SquallNodes.options("hello.yaml").setHttpPort(port).addSet("http.host", "127.0.0.1"));
    return port;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", "application/json").build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void greetsTheNameInThePath() throws Exception {
    int port = startHello();

    HttpResponse<String> response = get(port, "/hello/Ada");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"greeting\":\"Hello, Ada!\"}");
  }

  @Test
  void greetsTheWorldWithoutANameAndTheQueryNameWhenGiven() throws Exception {
    int port = startHello();

    assertThat(new JsonObject(get(port, "/hello").body())).isEqualTo(new JsonObject().put("greeting", "Hello, world!"));
    assertThat(new JsonObject(get(port, "/hello?name=Grace%20Hopper").body()))
        .isEqualTo(new JsonObject().put("greeting", "Hello, Grace Hopper!"));
  }

  @Test
  void refusesANameLongerThan100CharactersWith400AndSaysWhy() throws Exception {
    int port = startHello();

    HttpResponse<String> response = get(port, "/hello/" + "a".repeat(101));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("message")).isEqualTo("name is longer than 100 characters");
    assertThat(get(port, "/hello/" + "a".repeat(100)).statusCode()).isEqualTo(200);
  }
}
