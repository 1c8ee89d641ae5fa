package io.squall.templates;

import io.squall.platform.ConfigKeys;
import io.squall.platform.Failures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tornado's template rendering as a service: answers {@code squall.templates.render}
 * {@code {template, context, locale?}} with {@code {html}}, or fails with an HTTP status (404 missing template,
 * 500 syntax or render error, 400 bad request). It may run on the web nodes or on nodes of its own.
 *
 * <p>The consumer is an ordinary cluster-wide one: a caller on the same node that sends with
 * {@code DeliveryOptions.setLocalOnly(true)} reaches it without crossing the network, and a caller on a node without
 * it reaches another node's (the http verticle tries local first and falls back on NO_HANDLERS).
 *
 * <p>Where rendering runs: on a worker pool of {@code workerPoolSize} threads, not on the event loop. Measured on the
 * 2-core build machine (JDK 17, loaded by other builds, so +-50%), after JIT warm-up, templates compiled: the bundled
 * {@code index.peb} (layout, include, macro, 20 rooms, i18n; 1.9 KB) renders in about 0.1 ms, {@code room.peb} with
 * 500 messages (88 KB) in 2 to 2.6 ms; a first render on a fresh renderer (read and compile four templates, read the
 * bundles) takes about 26 ms, and the very first one in a JVM 0.5 to 0.8 s (class loading). The hop to a worker and
 * back costs 20 to 70 µs. So a small warm page could render on the event loop, but a long page, a cold cache or
 * development mode (which checks files on each render) would stall it for milliseconds, and with it every other
 * message and connection of that loop. The hop costs well under the cheapest page's own render time and is paid once
 * per render; for that, no render ever stalls the loop, so every render takes it (no option turns it off).
 */
public class TemplatesVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(TemplatesVerticle.class);
  private static final String POOL = "squall-templates";

  /** Every key of the config: checked by {@code squall check} and at start, documented in the README from here. */
  public static final ConfigKeys CONFIG = TemplatesOptions.KEYS;

  private TemplatesOptions options;
  private Renderer renderer;
  private WorkerExecutor workers;
  private MessageConsumer<Object> consumer;

  @Override
  public Future<?> start() {
    try {
      options = new TemplatesOptions(CONFIG.validate("templates", config()));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      renderer = new Renderer(options, loader != null ? loader : TemplatesVerticle.class.getClassLoader());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // one pool per node, shared by all instances of the verticle (and closed with the last of them)
    workers = vertx.createSharedWorkerExecutor(POOL, options.getWorkerPoolSize());
    consumer = vertx.eventBus().consumer(options.getAddress(), this::handle);
    return consumer.completion().onSuccess(v -> log.info("templates: answering {} from {}{}", options.getAddress(),
        options.getDir(), options.isDev() ? " (development mode: templates and bundles reload on change)" : ""));
  }

  @Override
  public Future<?> stop() {
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.eventually(() -> workers == null ? Future.succeededFuture() : workers.close());
  }

  private void handle(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)) {
      message.fail(Failures.BAD_REQUEST, "a JSON object body {template, context, locale?} is required");
      return;
    }
    Object template = body.getValue("template");
    Object context = body.getValue("context");
    Object locale = body.getValue("locale");
    if (!(template instanceof String name)) {
      message.fail(Failures.BAD_REQUEST, "template (a string) is required");
      return;
    }
    if (context != null && !(context instanceof JsonObject)) {
      message.fail(Failures.BAD_REQUEST, "context must be a JSON object");
      return;
    }
    if (locale != null && !(locale instanceof String)) {
      message.fail(Failures.BAD_REQUEST, "locale must be a string such as en or pt-BR");
      return;
    }
    workers.executeBlocking(() -> renderer.render(name, (JsonObject) context, (String) locale), false)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            message.reply(new JsonObject().put("html", ar.result()));
          } else if (ar.cause() instanceof ReplyException re) {
            message.fail(re.failureCode(), re.getMessage());
          } else {
            log.error("templates: {} failed", name, ar.cause());
            message.fail(Failures.INTERNAL, "template " + name + " failed to render");
          }
        });
  }

  /** For tests: the renderer's compiled-template cache counters. */
  Renderer renderer() {
    return renderer;
  }
}
