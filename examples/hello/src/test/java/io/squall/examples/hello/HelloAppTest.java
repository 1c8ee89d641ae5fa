package io.squall.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Node;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallNodes;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The app as its users meet it: hello.yaml started as a node, asked over HTTP. */
class HelloAppTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  /**
   * Starts the example's own descriptor with its http verticle on port 0 (as {@code --http-port 0} would: the system
   * picks a free one when binding) and returns a client of the port it bound.
   */
  private SquallClient startHello() {
    Node node = nodes.start(SquallNodes.options("hello.yaml").addSet("http.port", "0").addSet("http.host", "127.0.0.1"));
    return SquallClient.to(node.port("http")).header("Accept", "application/json");
  }

  @Test
  void greetsTheNameInThePath() {
    SquallClient hello = startHello();

    HttpResponse<String> response = hello.get("/hello/Ada");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"greeting\":\"Hello, Ada!\"}");
  }

  @Test
  void greetsTheWorldWithoutANameAndTheQueryNameWhenGiven() {
    SquallClient hello = startHello();

    assertThat(new JsonObject(hello.get("/hello").body())).isEqualTo(new JsonObject().put("greeting", "Hello, world!"));
    assertThat(new JsonObject(hello.get("/hello?name=Grace%20Hopper").body()))
        .isEqualTo(new JsonObject().put("greeting", "Hello, Grace Hopper!"));
  }

  @Test
  void refusesANameLongerThan100CharactersWith400AndSaysWhy() {
    SquallClient hello = startHello();

    HttpResponse<String> response = hello.get("/hello/" + "a".repeat(101));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("message")).isEqualTo("name is longer than 100 characters");
    assertThat(hello.get("/hello/" + "a".repeat(100)).statusCode()).isEqualTo(200);
  }
}
