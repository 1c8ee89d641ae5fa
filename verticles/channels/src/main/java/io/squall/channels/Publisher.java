package io.squall.channels;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code squall.channels.publish {channel, data, from?}}: stores the message in the channel's ringbuffer, which gives
 * it its sequence number, then publishes {@code {seq, id, data, from, ts}} on {@code channel.<name>} and replies
 * {@code {seq}}. Store first: a subscriber never sees a message that history could not give back, and a reply means
 * the primary and its backup both hold it.
 *
 * <p>The {@code id} is unique per publish. Hazelcast retries an add whose member leaves mid-way, and the retry can
 * store the message a second time (hazelcast/hazelcast#7270): both copies carry the same id, so {@link History} and
 * the subscribers keep the one whose seq was published and replied, the last.
 */
final class Publisher {

  private static final Logger log = LoggerFactory.getLogger(Publisher.class);

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hz;
  private final ChannelsOptions options;
  private final ChannelsMetrics metrics;
  /** Ids are this prefix (random per instance, so unique across nodes and restarts) and a counter. */
  private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
  private long published;

  Publisher(Vertx vertx, Context context, HazelcastInstance hz, ChannelsOptions options, ChannelsMetrics metrics) {
    this.vertx = vertx;
    this.context = context;
    this.hz = hz;
    this.options = options;
    this.metrics = metrics;
  }

  void handle(Message<Object> message) {
    long start = System.nanoTime();
    String channel;
    Object data;
    String from;
    String dataJson;
    try {
      JsonObject body = Requests.body(message, "{channel, data, from?}");
      channel = Requests.channel(body);
      data = body.getValue("data");
      if (data == null) {
        throw Failures.badRequest("data (any JSON value but null) is required");
      }
      from = from(message, body);
      dataJson = Json.encode(data);
      if (tooLarge(dataJson)) {
        throw Failures.of(Failures.TOO_LARGE, "data is larger than " + options.getMaxDataSize() + " bytes");
      }
    } catch (ReplyException e) {
      reject(message, e.failureCode(), e.getMessage());
      return;
    }
    long ts = System.currentTimeMillis();
    String id = idPrefix + Long.toString(++published, 36);
    // The stored form is the message without its seq, which the ringbuffer's own sequence gives. Built by hand so
    // that data, often the largest part, is encoded once (it was just measured).
    String record = "{\"id\":\"" + id + "\",\"ts\":" + ts + ",\"from\":" + Json.encode(from) + ",\"data\":"
        + dataJson + "}";
    Future<Long> stored;
    try {
      stored = Future.fromCompletionStage(Store.ringbuffer(hz, channel).addAsync(record, OverflowPolicy.OVERWRITE),
          context);
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    stored.onComplete(ar -> {
      if (ar.failed()) {
        log.warn("channels: could not store a message on {}: {}", channel, ar.cause().toString());
        reject(message, Failures.UNAVAILABLE, "the channel store is not available");
        return;
      }
      long seq = ar.result() + 1;
      vertx.eventBus().publish(Addresses.channel(channel),
          new JsonObject().put("seq", seq).put("id", id).put("data", data).put("from", from).put("ts", ts));
      // counted before the reply: whoever reads the meters after the reply sees this message in them
      metrics.published(start);
      message.reply(new JsonObject().put("seq", seq));
    });
  }

  /**
   * The bridge puts the verified identity in headers and nothing a browser says about itself can be trusted: a
   * message with either header came through the bridge, so its {@code from} is the header's user (null for a guest).
   * Without them the sender is a backend, whose {@code from} is taken as given.
   */
  private static String from(Message<Object> message, JsonObject body) {
    String user = message.headers().get(Addresses.HEADER_USER);
    if (user != null || message.headers().contains(Addresses.HEADER_ROLES)) {
      return user == null || user.isEmpty() ? null : user;
    }
    Object from = body.getValue("from");
    if (from != null && !(from instanceof String)) {
      throw Failures.badRequest("from must be a string");
    }
    return (String) from;
  }

  private void reject(Message<Object> message, int status, String why) {
    metrics.rejected("publish", status);
    message.fail(status, why);
  }

  /** Whether {@code json} is over maxDataSize in UTF-8; up to a third of the limit in chars it cannot be. */
  private boolean tooLarge(String json) {
    int max = options.getMaxDataSize();
    return (long) json.length() * 3 > max && (json.length() > max || json.getBytes(StandardCharsets.UTF_8).length > max);
  }
}
