package io.squall.templates;

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
 * <p>Where rendering runs: on a worker pool of {@code workerPoolSize} threads, not on the event loop. Measured on
 * the 2-core build machine (JDK 17, warm JIT, compiled templates cached): the example page ({@code index.peb}:
 * layout, include, macro, 20 rooms, i18n) renders in about 25 µs and a page with 500 rows in about 0.5 ms; the hop to
 * the worker and back adds about 30 µs. Rendering on the event loop would therefore be fine for the warm, small
 * case, but a cold cache reads and compiles files (blocking I/O, 1-5 ms per template), development mode checks files
 * on every render, and a page's cost grows with the data its context brings; the worker keeps all of these off the
 * event loop that also carries this node's bus traffic, for a cost under the network hop a remote render pays anyway.
 */
public class TemplatesVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(TemplatesVerticle.class);
  private static final String POOL = "squall-templates";

  private TemplatesOptions options;
  private Renderer renderer;
  private WorkerExecutor workers;
  private MessageConsumer<Object> consumer;

  @Override
  public Future<?> start() {
    options = new TemplatesOptions(config());
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
