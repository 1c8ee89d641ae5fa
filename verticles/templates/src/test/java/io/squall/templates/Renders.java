package io.squall.templates;

import io.squall.platform.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Test helpers: a renderer or a deployed verticle over the test templates and bundles, and a way to wait. */
final class Renders {

  private Renders() {
  }

  /** The test templates (src/test/resources/test-templates) and bundles (test-i18n). */
  static TemplatesOptions testOptions() {
    return new TemplatesOptions().setDir("classpath:test-templates").setMessages("classpath:test-i18n/messages");
  }

  static Renderer renderer(TemplatesOptions options) {
    return new Renderer(options, Renders.class.getClassLoader());
  }

  static Renderer renderer() {
    return renderer(testOptions());
  }

  /** What the http verticle sends as {@code _links}. */
  static JsonObject links() {
    return new JsonObject()
        .put("routes", new JsonObject().put("room", "/rooms/:room").put("search", "/search").put("home", "/"))
        .put("static", new JsonObject().put("app.css", "/static/app.css?v=0123456789ab"));
  }

  /** Deploys a templates verticle and returns it once its consumer is registered. */
  static TemplatesVerticle deploy(Vertx vertx, TemplatesOptions options) {
    TemplatesVerticle verticle = new TemplatesVerticle();
    await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(options.toJson())));
    return verticle;
  }

  /** A render request as the http verticle sends it. */
  static JsonObject request(String template, JsonObject context, String locale) {
    JsonObject request = new JsonObject().put("template", template).put("context", context);
    return locale == null ? request : request.put("locale", locale);
  }

  static Future<String> render(Vertx vertx, JsonObject request, DeliveryOptions delivery) {
    return vertx.eventBus().<JsonObject>request(Addresses.TEMPLATES_RENDER, request, delivery)
        .map(Message::body).map(body -> body.getString("html"));
  }

  static String render(Vertx vertx, String template, JsonObject context) {
    return await(render(vertx, request(template, context, null), new DeliveryOptions()));
  }

  /** The failure of a request that must fail. */
  static ReplyException failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException re) {
        return re;
      }
      throw new AssertionError("expected a ReplyException, got " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure, got a reply");
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
