package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** Declines every request (ctx.next()), counting how often it ran. */
  public static class Declining implements RouteHandler {
    static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void handle(RoutingContext ctx) {
      RUNS.incrementAndGet();
      ctx.next();
    }
  }

  /** Answers what {@link Declining} passed on. */
  public static class Fallback implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.end("fallback");
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
  private Browser browser;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    int port = HttpServers.deploy(vertx, new ShopVerticle(), new HttpOptions().addRoute(new RouteOptions()
        .setPath("/hello/:name").setKind(RouteOptions.Kind.HANDLER).setHandler(Hello.class.getName())
        .setConfig(new JsonObject().put("greeting", "bonjour")))
        .addRoute(new RouteOptions().setPath("/maybe").setKind(RouteOptions.Kind.HANDLER)
            .setHandler(Declining.class.getName()))
        .addRoute(new RouteOptions().setPath("/maybe").setKind(RouteOptions.Kind.HANDLER)
            .setHandler(Fallback.class.getName())));
    browser = new Browser(port);
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aHandlerThatDeclinesRunsOnceAndTheNextRouteAnswers() throws Exception {
    // a handler route's guards and handler share one router step (Guarded): declining must not run it again
    Declining.RUNS.set(0);
    assertThat(browser.get("/maybe").body()).isEqualTo("fallback");
    assertThat(Declining.RUNS.get()).isEqualTo(1);
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
