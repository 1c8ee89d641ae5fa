package io.squall.channels;

import io.squall.platform.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test helpers: deploy the verticle, ask it things the way other verticles do, and collect what it publishes. */
final class Bus {

  static final Duration WAIT = Duration.ofSeconds(30);

  private Bus() {
  }

  static ChannelsVerticle deploy(Vertx vertx, ChannelsOptions options) {
    ChannelsVerticle verticle = new ChannelsVerticle();
    await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(options.toJson())));
    return verticle;
  }

  static Future<JsonObject> ask(Vertx vertx, String address, Object body, DeliveryOptions delivery) {
    return vertx.eventBus().<JsonObject>request(address, body, delivery).map(Message::body);
  }

  static JsonObject request(Vertx vertx, String address, Object body) {
    return await(ask(vertx, address, body, new DeliveryOptions()));
  }

  static long publish(Vertx vertx, String channel, Object data) {
    return request(vertx, Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", channel).put("data", data))
        .getLong("seq");
  }

  static JsonObject history(Vertx vertx, JsonObject request) {
    return request(vertx, Addresses.CHANNELS_HISTORY, request);
  }

  static JsonObject join(Vertx vertx, String channel, String user, String socket, String node) {
    return request(vertx, Addresses.CHANNELS_JOIN,
        new JsonObject().put("channel", channel).put("user", user).put("socket", socket).put("node", node));
  }

  static JsonObject leave(Vertx vertx, String channel, String socket, String node) {
    return request(vertx, Addresses.CHANNELS_LEAVE,
        new JsonObject().put("channel", channel).put("socket", socket).put("node", node));
  }

  /** The failure of a request that must fail. */
  static ReplyException failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
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

  static ReplyException failure(Vertx vertx, String address, Object body) {
    return failure(ask(vertx, address, body, new DeliveryOptions()));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Everything published on an address from now on, in arrival order. */
  static Inbox listen(Vertx vertx, String address) {
    Inbox inbox = new Inbox();
    inbox.consumer = vertx.eventBus().consumer(address, m -> inbox.queue.add((JsonObject) m.body()));
    await(inbox.consumer.completion());
    return inbox;
  }

  static final class Inbox implements AutoCloseable {
    private final BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
    private MessageConsumer<Object> consumer;

    /** The next message, waiting for it up to {@code timeout}. */
    JsonObject next(Duration timeout) {
      try {
        JsonObject next = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
          throw new AssertionError("nothing arrived on " + consumer.address() + " within " + timeout);
        }
        return next;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    JsonObject next() {
      return next(WAIT);
    }

    /** What arrived so far and was not taken. */
    int pending() {
      return queue.size();
    }

    @Override
    public void close() {
      await(consumer.unregister());
    }
  }
}
