package io.squall.http;

import io.squall.platform.Addresses;
import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.squall.platform.Failures;
import io.squall.platform.Requests;
import io.squall.platform.RecentIds;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Server-Sent Events from an event bus address or a channel. For a channel, {@code Last-Event-ID} (or
 * {@code ?since=N}) resumes without a gap: live messages are buffered while {@code squall.channels.history}
 * answers, then both are sent in sequence order with duplicates dropped. When the server shuts down (a drain), each
 * stream ends with an event that tells its client to reconnect soon.
 */
final class SseRoute implements Handler<RoutingContext> {

  static final long DEFAULT_KEEP_ALIVE_MS = 15_000;

  /** The keys of an sse route's {@code config} (checked with the route's own). */
  static final ConfigKeys KEYS = ConfigKeys.of(ConfigKey.duration("keepAlive", Duration.ofMillis(DEFAULT_KEEP_ALIVE_MS),
      TimeUnit.MILLISECONDS, "Time between keep-alive comments that keep proxies from closing a quiet stream")
      .range(1, Integer.MAX_VALUE));
  /**
   * The {@code retry:} of a drain's last event, in ms: soon, but not all of a node's clients at the same instant.
   * EventSource reconnects by itself when a stream ends and waits the last {@code retry:} it was given.
   */
  static final long DRAIN_RETRY_MS = 500;

  private final Vertx vertx;
  private final String address;
  private final String channel;
  private final long keepAliveMs;
  private final long timeout;
  private final ConnectionShutdown shutdown;

  SseRoute(Vertx vertx, RouteOptions r, long timeout, ConnectionShutdown shutdown) {
    this.vertx = vertx;
    this.address = r.getAddress();
    this.channel = r.getChannel();
    this.keepAliveMs = KEYS.normalize(r.getConfig()).getLong("keepAlive", DEFAULT_KEEP_ALIVE_MS);
    this.timeout = timeout;
    this.shutdown = shutdown;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String channelName = channel == null ? null : expand(channel, ctx);
    if (channelName != null && channelName.isEmpty()) {
      ctx.fail(400, Failures.badRequest("bad channel"));
      return;
    }
    Long since = since(ctx);
    HttpServerResponse res = ctx.response();
    res.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        // a compressor would buffer events; proxies like nginx buffer too unless told not to
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .putHeader("X-Accel-Buffering", "no");
    Stream stream = new Stream(res);
    String listen = channelName != null ? Addresses.channel(channelName) : address;
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(listen, msg -> stream.live(msg.body()));
    long timer = vertx.setPeriodic(keepAliveMs, t -> stream.comment("keep-alive"));
    Runnable stopListening = () -> {
      vertx.cancelTimer(timer);
      consumer.unregister();
    };
    // A shutdown of the connection (a drain) ends the stream with a reconnect event; its hooks are gone by then.
    HttpConnection connection = ctx.request().connection();
    Runnable drain = () -> {
      stream.reconnect();
      stopListening.run();
    };
    // The connection's close is seen as soon as the client goes, not at the next write.
    Runnable cleanup = () -> {
      stopListening.run();
      shutdown.remove(connection, drain);
    };
    res.closeHandler(v -> cleanup.run());
    res.exceptionHandler(e -> cleanup.run());
    if (res.closed()) {
      // gone during an earlier asynchronous step (session fetch, token check): no close event will come
      cleanup.run();
      return;
    }
    shutdown.add(connection, drain);
    consumer.completion().onComplete(registered -> {
      stream.comment("connected");
      if (channelName == null || since == null) {
        stream.open(List.of());
        return;
      }
      JsonObject history = new JsonObject().put("channel", channelName).put("since", since);
      Requests.<JsonObject>retryable(vertx, Addresses.CHANNELS_HISTORY, history, timeout)
          .onSuccess(reply -> stream.open(messages(reply.body())))
          .onFailure(e -> {
            stream.event(null, "error", new JsonObject().put("message", Failures.safeMessage(e)).encode());
            stream.open(List.of());
          });
    });
  }

  private static List<Object> messages(JsonObject reply) {
    JsonArray list = reply == null ? null : reply.getJsonArray("messages");
    return list == null ? List.of() : list.getList().stream().map(m -> m instanceof java.util.Map<?, ?> map
        ? (Object) new JsonObject((java.util.Map<String, Object>) map) : m).toList();
  }

  private static Long since(RoutingContext ctx) {
    String raw = ctx.request().getHeader("Last-Event-ID");
    if (raw == null) {
      raw = ctx.request().getParam("since");
    }
    try {
      return raw == null ? null : Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code room.{room}} with the path parameter; empty when a parameter is missing or unsafe. */
  private static String expand(String pattern, RoutingContext ctx) {
    String name = PathTemplate.expand(pattern, ctx,
        value -> value != null && value.matches("[A-Za-z0-9_.-]{1,100}") ? value : null);
    return name == null ? "" : name;
  }

  /**
   * One client's stream: buffers live messages until the history is in, then keeps sequence order, and sends a
   * message stored twice by a retried add (one id, two seqs) once.
   */
  private static final class Stream {
    private final HttpServerResponse res;
    private List<Object> pending = new ArrayList<>();
    private long lastSeq = Long.MIN_VALUE;
    private final RecentIds ids = new RecentIds();

    Stream(HttpServerResponse res) {
      this.res = res;
    }

    void live(Object body) {
      if (pending != null) {
        pending.add(body);
      } else {
        send(body);
      }
    }

    void open(List<Object> history) {
      history.forEach(this::send);
      List<Object> buffered = pending;
      pending = null;
      buffered.forEach(this::send);
    }

    private void send(Object body) {
      Long seq = body instanceof JsonObject json ? json.getLong("seq") : null;
      if (seq != null) {
        if (seq <= lastSeq) {
          return;
        }
        lastSeq = seq;
        if (!ids.firstTime(RecentIds.idOf(body))) {
          return;
        }
      }
      event(seq, null, body instanceof JsonObject json ? json.encode() : String.valueOf(body));
    }

    void event(Long id, String type, String data) {
      if (res.closed() || res.ended()) {
        return;
      }
      StringBuilder sb = new StringBuilder();
      if (id != null) {
        sb.append("id: ").append(id).append('\n');
      }
      if (type != null) {
        sb.append("event: ").append(type).append('\n');
      }
      data.lines().forEach(line -> sb.append("data: ").append(line).append('\n'));
      res.write(sb.append('\n').toString());
    }

    void comment(String text) {
      if (!res.closed() && !res.ended()) {
        res.write(": " + text + "\n\n");
      }
    }

    /**
     * The last event of a draining server: reconnect after {@link #DRAIN_RETRY_MS}, then the stream ends. It has no
     * {@code id:}, so the client's Last-Event-ID stays that of the last message and it resumes without a gap.
     */
    void reconnect() {
      if (!res.closed() && !res.ended()) {
        res.end("retry: " + DRAIN_RETRY_MS + "\nevent: reconnect\ndata: {\"reason\":\"draining\"}\n\n");
      }
    }
  }
}
