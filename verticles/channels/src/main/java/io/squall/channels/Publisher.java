package io.squall.channels;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.vertx.core.Context;
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
 *
 * <p>A caller may name the id (an idempotency key: a chat post's, a node retrying a publish whose first node died):
 * then a publish whose id was stored in the last {@code idempotencyWindow} seconds is answered with the stored
 * {@code {seq, duplicate: true}} and stores nothing ({@link PublishKeys}).
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
  private final PublishKeys keys;
  private final LiveChannels channels;
  private long published;

  Publisher(Vertx vertx, Context context, HazelcastInstance hz, ChannelsOptions options, ChannelsMetrics metrics,
      LiveChannels channels) {
    this.vertx = vertx;
    this.context = context;
    this.hz = hz;
    this.options = options;
    this.metrics = metrics;
    this.keys = new PublishKeys(vertx, context, hz, options.getIdempotencyWindow());
    this.channels = channels;
  }

  void handle(Message<Object> message) {
    long start = System.nanoTime();
    String channel;
    Object data;
    String from;
    String dataJson;
    String given;
    try {
      JsonObject body = Requests.body(message, "{channel, data, from?, id?}");
      channel = Requests.channel(body);
      data = body.getValue("data");
      if (data == null) {
        throw Failures.badRequest("data (any JSON value but null) is required");
      }
      from = from(message, body);
      given = body.getValue("id") == null ? null : Requests.key(body, "id");
      dataJson = Json.encode(data);
      if (tooLarge(dataJson)) {
        throw Failures.of(Failures.TOO_LARGE, "data is larger than " + options.getMaxDataSize() + " bytes");
      }
    } catch (ReplyException e) {
      reject(message, e.failureCode(), e.getMessage());
      return;
    }
    // a browser's ids are its user's own: another user naming the same id neither collides nor learns a seq
    String id = given == null ? null : fromBrowser(message) ? "@" + (from == null ? "" : from) + "/" + given : given;
    channels.admit(channel).onComplete(admitted -> {
      if (admitted.succeeded()) {
        publish(new Publish(message, channel, admitted.result(), data, from, dataJson, start), id);
      } else if (admitted.cause() instanceof LiveChannels.LimitReached limit) {
        metrics.channelLimit();
        message.fail(Failures.UNAVAILABLE, limit.getMessage());
      } else {
        log.warn("channels: could not admit a message on {}: {}", channel, admitted.cause().toString());
        reject(message, Failures.UNAVAILABLE, "the channel store is not available");
      }
    });
  }

  /** Stores under a fresh id, or under the caller's {@code id} unless that one was stored already. */
  private void publish(Publish publish, String id) {
    Message<Object> message = publish.message;
    String channel = publish.channel;
    if (id == null) {
      publish.store(idPrefix + Long.toString(++published, 36), null);
      return;
    }
    String key = PublishKeys.key(channel, id);
    keys.claim(key).onComplete(claim -> {
      if (claim.failed()) {
        int status = Failures.httpStatus(claim.cause());
        if (status == Failures.INTERNAL) {
          log.warn("channels: could not claim publish id on {}: {}", channel, claim.cause().toString());
        }
        reject(message, status == Failures.CONFLICT ? status : Failures.UNAVAILABLE,
            status == Failures.CONFLICT ? claim.cause().getMessage() : "the channel store is not available");
      } else if (claim.result().alreadyStored()) {
        publish.replyStored(claim.result().storedSeq());
      } else if (claim.result().takenOver()) {
        publish.findThenStore(id, key);
      } else {
        publish.store(id, key);
      }
    });
  }

  /** One publish being stored: its parts, and the steps that may follow a claim. */
  private final class Publish {

    private final Message<Object> message;
    private final String channel;
    /** The channel's seq offset ({@link LiveChannels}): seq = ringbuffer sequence + 1 + offset. */
    private final long offset;
    private final Object data;
    private final String from;
    private final String dataJson;
    private final long start;

    Publish(Message<Object> message, String channel, long offset, Object data, String from, String dataJson,
        long start) {
      this.message = message;
      this.channel = channel;
      this.offset = offset;
      this.data = data;
      this.from = from;
      this.dataJson = dataJson;
      this.start = start;
    }

    /** Stores under {@code id}, then publishes and replies; {@code key}, if any, then maps to the seq. */
    void store(String id, String key) {
      long ts = System.currentTimeMillis();
      // The stored form is the message without its seq, which the ringbuffer's own sequence gives. Built by hand so
      // that data, often the largest part, is encoded once (it was just measured).
      String record = "{\"id\":" + Json.encode(id) + ",\"ts\":" + ts + ",\"from\":" + Json.encode(from)
          + ",\"data\":" + dataJson + "}";
      Store.async(context, () -> Store.ringbuffer(hz, channel).addAsync(record, OverflowPolicy.OVERWRITE))
          .onComplete(ar -> {
            if (ar.failed()) {
              log.warn("channels: could not store a message on {}: {}", channel, ar.cause().toString());
              if (key != null) {
                keys.release(key);
              }
              reject(message, Failures.UNAVAILABLE, "the channel store is not available");
              return;
            }
            long seq = ar.result() + 1 + offset;
            if (key != null) {
              // not awaited: until it lands, a repeat finds this member's claim and waits; should this member die
              // first, the repeat finds the record in the ringbuffer (findThenStore)
              keys.stored(key, seq).onFailure(e -> log.warn(
                  "channels: could not record the seq of publish id on {}: {}", channel, e.toString()));
            }
            publishAndReply(seq, new JsonObject().put("seq", seq).put("id", id).put("data", data).put("from", from)
                .put("ts", ts));
          });
    }

    /**
     * The key was claimed by a member that left mid-publish: its add may have landed. If the ringbuffer's last
     * records hold the id, that is the message (published again, since the member may have died before publishing
     * it: subscribers drop a seq they have); otherwise store it now.
     */
    void findThenStore(String id, String key) {
      Ringbuffer<String> ringbuffer = Store.ringbuffer(hz, channel);
      String prefix = "{\"id\":" + Json.encode(id) + ",";
      vertx.executeBlocking(ringbuffer::tailSequence, false)
          .compose(tail -> Store.async(context, () -> ringbuffer.readManyAsync(
              Math.max(0, tail + 1 - ChannelsOptions.HISTORY_LIMIT_CEILING), 0,
              (int) Math.min(ringbuffer.capacity(), ChannelsOptions.HISTORY_LIMIT_CEILING), null)))
          .onComplete(ar -> {
            if (ar.failed()) {
              keys.release(key);
              reject(message, Failures.UNAVAILABLE, "the channel store is not available");
              return;
            }
            for (int i = ar.result().size() - 1; i >= 0; i--) {
              String record = ar.result().get(i);
              if (record.startsWith(prefix)) {
                long seq = ar.result().getSequence(i) + 1 + offset;
                keys.stored(key, seq);
                JsonObject stored = new JsonObject(record);
                publishAndReply(seq, stored.put("seq", seq));
                return;
              }
            }
            store(id, key);
          });
    }

    private void publishAndReply(long seq, JsonObject live) {
      vertx.eventBus().publish(Addresses.channel(channel), live);
      // counted before the reply: whoever reads the meters after the reply sees this message in them
      metrics.published(start);
      message.reply(new JsonObject().put("seq", seq));
    }

    /** A publish whose id was stored before: its seq, nothing stored or published again. */
    void replyStored(long seq) {
      metrics.duplicate();
      message.reply(new JsonObject().put("seq", seq).put("duplicate", true));
    }
  }

  private static boolean fromBrowser(Message<Object> message) {
    return message.headers().contains(Addresses.HEADER_USER) || message.headers().contains(Addresses.HEADER_ROLES);
  }

  /**
   * The bridge puts the verified identity in headers and nothing a browser says about itself can be trusted: a
   * message with either header came through the bridge, so its {@code from} is the header's user (null for a guest).
   * Without them the sender is a backend, whose {@code from} is taken as given.
   */
  private static String from(Message<Object> message, JsonObject body) {
    if (fromBrowser(message)) {
      String user = message.headers().get(Addresses.HEADER_USER);
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
