package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The two ways Java code adds routes: a RouteHandler named in the descriptor, or a subclass's customize(). */
class ExtensionTest {

  /** The README's example handler. */
  public static class Hello implements RouteHandler {
    private String greeting;

    @Override
    public void init(Vertx vertx, JsonObject config) {
      greeting = config.getString("greeting", "hello");
    }

    @Override
    public void handle(RoutingContext ctx) {
      ctx.json(new JsonObject().put(greeting, ctx.pathParam("name")));
    }
  }

  /** The README's example subclass. */
  public static class ShopVerticle extends HttpVerticle {
    @Override
    protected void customize(Router router) {
      router.get("/health-of-shop").handler(ctx -> ctx.end("open"));
    }
  }

  private Vertx vertx;
  private SquallClient browser;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    int port = HttpServers.deploy(vertx, new ShopVerticle(), new HttpOptions().addRoute(new RouteOptions()
        .setPath("/hello/:name").setKind(RouteOptions.Kind.HANDLER).setHandler(Hello.class.getName())
        .setConfig(new JsonObject().put("greeting", "bonjour"))));
    browser = SquallClient.to(port);
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aRouteHandlerNamedInTheDescriptorGetsItsConfigAndPathParameters() throws Exception {
    assertThat(new JsonObject(browser.get("/hello/ada").body())).isEqualTo(new JsonObject().put("bonjour", "ada"));
  }

  @Test
  void aSubclassAddsRoutesInCustomizeAndKeepsTheSecurityHeaders() throws Exception {
    var res = browser.get("/health-of-shop");
    assertThat(res.body()).isEqualTo("open");
    assertThat(res.headers().firstValue("x-frame-options")).hasValue("DENY");
  }

  @Test
  void aHandlerClassThatIsNotARouteHandlerFailsTheStartWithItsName() {
    Vertx other = Vertx.vertx();
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpServers.deploy(other, new HttpOptions().setRoutes(
              List.of(new RouteOptions().setPath("/x").setKind(RouteOptions.Kind.HANDLER).setHandler("java.lang.String")))))
          .hasMessageContaining("java.lang.String does not implement io.squall.http.RouteHandler");
    } finally {
      other.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
