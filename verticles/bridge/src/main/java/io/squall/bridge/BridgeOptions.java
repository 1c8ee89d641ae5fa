package io.squall.bridge;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.squall.platform.Sessions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The bridge verticle's {@code config()}. Every key, its default and an example: verticles/bridge/README.md. */
public class BridgeOptions {

  /** What happens to a socket whose unsent frames pass {@code writeQueueSize}. */
  public enum SlowConsumerPolicy {
    CLOSE("close"), DROP_OLDEST("drop-oldest");

    private final String text;

    SlowConsumerPolicy(String text) {
      this.text = text;
    }

    /** As the config writes it: {@code close}, {@code drop-oldest}. */
    public String text() {
      return text;
    }
  }

  public static final int DEFAULT_PORT = 8081;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_PATH = "/eventbus";
  public static final boolean DEFAULT_ANONYMOUS = false;
  public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;
  public static final int DEFAULT_MAX_REGISTRATIONS = 100;
  public static final int DEFAULT_RATE_LIMIT = 100;
  public static final int DEFAULT_RATE_BURST = 200;
  public static final int DEFAULT_WRITE_QUEUE_SIZE = 1024 * 1024;
  public static final SlowConsumerPolicy DEFAULT_SLOW_CONSUMER = SlowConsumerPolicy.CLOSE;
  public static final long DEFAULT_PING_TIMEOUT = 60_000;
  public static final long DEFAULT_REPLY_TIMEOUT = 30_000;
  public static final long DEFAULT_AUTH_TIMEOUT = 5_000;
  public static final long DEFAULT_HEARTBEAT = 25_000;
  public static final int DEFAULT_MAX_RESUME = 1000;

  /** Every key of the bridge's config; verticles/bridge/README.md's table is generated from these. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.port("port", DEFAULT_PORT, "Port of /eventbus (SockJS) and /eventbus/websocket (raw WebSocket)"),
      ConfigKey.string("host", DEFAULT_HOST, "Interface the server listens on"),
      ConfigKey.string("path", DEFAULT_PATH, "Path of the SockJS endpoint; the raw WebSocket is path + /websocket")
          .pattern("/.*[^/]", "a path that starts with / and does not end with one (/eventbus)"),
      ConfigKey.list("inbound", PermitOptions.KEYS, "Permits for browser to bus (send, publish); none: deny all"),
      ConfigKey.list("outbound", PermitOptions.KEYS, "Permits for bus to browser (register); none: deny all"),
      ConfigKey.bool("anonymous", DEFAULT_ANONYMOUS, "Allow sockets without identity (no token, no session)"),
      ConfigKey.strings("allowedOrigins", List.of(), "Allowed Origin headers (* for any); empty: the bridge's own host"
          + " on any port. Others get 403 (cross-site WebSocket hijacking)"),
      ConfigKey.string("sessionCookie", Sessions.DEFAULT_COOKIE, "The http verticle's session cookie, which identifies"
          + " a socket from the same host; empty to ignore sessions"),
      ConfigKey.size("maxFrameSize", (long) DEFAULT_MAX_FRAME_SIZE, "Largest WebSocket frame (at least 256B); larger"
          + " closes the socket with 1009").range(256, Integer.MAX_VALUE),
      ConfigKey.size("maxMessageSize", (long) DEFAULT_MAX_MESSAGE_SIZE, "Largest message over all its frames (at least"
          + " maxFrameSize); larger closes the socket with 1009").range(256, Integer.MAX_VALUE),
      ConfigKey.integer("maxRegistrations", DEFAULT_MAX_REGISTRATIONS, 1, Integer.MAX_VALUE, "Registrations per socket"
          + " (more: max_registrations)"),
      ConfigKey.integer("rateLimit", DEFAULT_RATE_LIMIT, 0, Integer.MAX_VALUE, "Send, publish and register frames per"
          + " second per socket, token bucket (more: rate_limited); 0: off"),
      ConfigKey.integer("rateBurst", DEFAULT_RATE_BURST, 0, Integer.MAX_VALUE, "Frames a socket may send at once"
          + " above rateLimit (at least 1 unless rateLimit is 0)"),
      ConfigKey.size("writeQueueSize", (long) DEFAULT_WRITE_QUEUE_SIZE, "Bytes waiting for a socket that does not"
          + " read, before slowConsumer applies (at least 1KiB)").range(1024, Integer.MAX_VALUE),
      ConfigKey.oneOf("slowConsumer", DEFAULT_SLOW_CONSUMER.text(),
          Arrays.stream(SlowConsumerPolicy.values()).map(SlowConsumerPolicy::text).toList(),
          "Past writeQueueSize: close (1008 \"slow consumer\") or drop-oldest (then a lagged frame with the count)"),
      ConfigKey.duration("pingTimeout", Duration.ofMillis(DEFAULT_PING_TIMEOUT), TimeUnit.MILLISECONDS, "Time without"
          + " any frame (the standard client pings every 5 s) before the socket is closed (at least 1s)")
          .range(1000, Long.MAX_VALUE),
      ConfigKey.duration("replyTimeout", Duration.ofMillis(DEFAULT_REPLY_TIMEOUT), TimeUnit.MILLISECONDS, "Wait for a"
          + " reply to a browser's request, and for channel history and presence").range(1, Long.MAX_VALUE),
      ConfigKey.duration("authTimeout", Duration.ofMillis(DEFAULT_AUTH_TIMEOUT), TimeUnit.MILLISECONDS, "Wait for"
          + " token verification (squall.auth.verify)").range(1, Long.MAX_VALUE),
      ConfigKey.duration("heartbeat", Duration.ofMillis(DEFAULT_HEARTBEAT), TimeUnit.MILLISECONDS, "SockJS heartbeat"
          + " interval").range(1, Long.MAX_VALUE),
      ConfigKey.integer("maxResume", DEFAULT_MAX_RESUME, 0, Integer.MAX_VALUE, "Most messages replayed on a since"
          + " registration (more: reload)"))
      .rule((config, problems) -> {
        if (config.getLong("maxMessageSize", (long) DEFAULT_MAX_MESSAGE_SIZE)
            < config.getLong("maxFrameSize", (long) DEFAULT_MAX_FRAME_SIZE)) {
          problems.add("maxMessageSize", "must be at least maxFrameSize ("
              + config.getLong("maxFrameSize", (long) DEFAULT_MAX_FRAME_SIZE) + " bytes)");
        }
        if (config.getInteger("rateLimit", DEFAULT_RATE_LIMIT) > 0
            && config.getInteger("rateBurst", DEFAULT_RATE_BURST) < 1) {
          problems.add("rateBurst", "must be at least 1 while rateLimit is on (rateLimit: 0 turns it off)");
        }
      });

  private int port = DEFAULT_PORT;
  private String host = DEFAULT_HOST;
  private String path = DEFAULT_PATH;
  private List<PermitOptions> inbound = new ArrayList<>();
  private List<PermitOptions> outbound = new ArrayList<>();
  private boolean anonymous = DEFAULT_ANONYMOUS;
  private List<String> allowedOrigins = new ArrayList<>();
  private String sessionCookie = Sessions.DEFAULT_COOKIE;
  private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  private int maxRegistrations = DEFAULT_MAX_REGISTRATIONS;
  private int rateLimit = DEFAULT_RATE_LIMIT;
  private int rateBurst = DEFAULT_RATE_BURST;
  private int writeQueueSize = DEFAULT_WRITE_QUEUE_SIZE;
  private SlowConsumerPolicy slowConsumer = DEFAULT_SLOW_CONSUMER;
  private long pingTimeout = DEFAULT_PING_TIMEOUT;
  private long replyTimeout = DEFAULT_REPLY_TIMEOUT;
  private long authTimeout = DEFAULT_AUTH_TIMEOUT;
  private long heartbeat = DEFAULT_HEARTBEAT;
  private int maxResume = DEFAULT_MAX_RESUME;

  public BridgeOptions() {
  }

  public BridgeOptions(BridgeOptions other) {
    this(other.toJson());
  }

  public BridgeOptions(JsonObject json) {
    json = KEYS.normalize(json);
    port = json.getInteger("port", DEFAULT_PORT);
    host = json.getString("host", DEFAULT_HOST);
    path = json.getString("path", DEFAULT_PATH);
    inbound = permits(json.getJsonArray("inbound"));
    outbound = permits(json.getJsonArray("outbound"));
    anonymous = json.getBoolean("anonymous", DEFAULT_ANONYMOUS);
    allowedOrigins = new ArrayList<>();
    json.getJsonArray("allowedOrigins", new JsonArray()).forEach(o -> allowedOrigins.add(String.valueOf(o)));
    sessionCookie = json.getString("sessionCookie", Sessions.DEFAULT_COOKIE);
    maxFrameSize = json.getInteger("maxFrameSize", DEFAULT_MAX_FRAME_SIZE);
    maxMessageSize = json.getInteger("maxMessageSize", DEFAULT_MAX_MESSAGE_SIZE);
    maxRegistrations = json.getInteger("maxRegistrations", DEFAULT_MAX_REGISTRATIONS);
    rateLimit = json.getInteger("rateLimit", DEFAULT_RATE_LIMIT);
    rateBurst = json.getInteger("rateBurst", DEFAULT_RATE_BURST);
    writeQueueSize = json.getInteger("writeQueueSize", DEFAULT_WRITE_QUEUE_SIZE);
    String policy = json.getString("slowConsumer", DEFAULT_SLOW_CONSUMER.text());
    // KEYS refuse any other value before the verticle gets here
    slowConsumer = Arrays.stream(SlowConsumerPolicy.values()).filter(p -> p.text().equals(policy)).findFirst()
        .orElse(DEFAULT_SLOW_CONSUMER);
    pingTimeout = json.getLong("pingTimeout", DEFAULT_PING_TIMEOUT);
    replyTimeout = json.getLong("replyTimeout", DEFAULT_REPLY_TIMEOUT);
    authTimeout = json.getLong("authTimeout", DEFAULT_AUTH_TIMEOUT);
    heartbeat = json.getLong("heartbeat", DEFAULT_HEARTBEAT);
    maxResume = json.getInteger("maxResume", DEFAULT_MAX_RESUME);
  }

  private static List<PermitOptions> permits(JsonArray array) {
    List<PermitOptions> list = new ArrayList<>();
    if (array != null) {
      array.forEach(permit -> list.add(new PermitOptions((JsonObject) permit)));
    }
    return list;
  }

  public JsonObject toJson() {
    Function<List<PermitOptions>, JsonArray> permits = list -> {
      JsonArray array = new JsonArray();
      list.forEach(p -> array.add(p.toJson()));
      return array;
    };
    return new JsonObject().put("port", port).put("host", host).put("path", path)
        .put("inbound", permits.apply(inbound)).put("outbound", permits.apply(outbound)).put("anonymous", anonymous)
        .put("allowedOrigins", new JsonArray(new ArrayList<>(allowedOrigins))).put("sessionCookie", sessionCookie)
        .put("maxFrameSize", maxFrameSize).put("maxMessageSize", maxMessageSize).put("maxRegistrations", maxRegistrations)
        .put("rateLimit", rateLimit).put("rateBurst", rateBurst).put("writeQueueSize", writeQueueSize)
        .put("slowConsumer", slowConsumer.text())
        .put("pingTimeout", pingTimeout).put("replyTimeout", replyTimeout).put("authTimeout", authTimeout)
        .put("heartbeat", heartbeat).put("maxResume", maxResume);
  }

  public int getPort() {
    return port;
  }

  public BridgeOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public String getHost() {
    return host;
  }

  public BridgeOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public String getPath() {
    return path;
  }

  public BridgeOptions setPath(String path) {
    this.path = path;
    return this;
  }

  public List<PermitOptions> getInbound() {
    return inbound;
  }

  public BridgeOptions setInbound(List<PermitOptions> inbound) {
    this.inbound = inbound;
    return this;
  }

  public List<PermitOptions> getOutbound() {
    return outbound;
  }

  public BridgeOptions setOutbound(List<PermitOptions> outbound) {
    this.outbound = outbound;
    return this;
  }

  public boolean isAnonymous() {
    return anonymous;
  }

  public BridgeOptions setAnonymous(boolean anonymous) {
    this.anonymous = anonymous;
    return this;
  }

  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  public BridgeOptions setAllowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins;
    return this;
  }

  public String getSessionCookie() {
    return sessionCookie;
  }

  public BridgeOptions setSessionCookie(String sessionCookie) {
    this.sessionCookie = sessionCookie;
    return this;
  }

  public int getMaxFrameSize() {
    return maxFrameSize;
  }

  public BridgeOptions setMaxFrameSize(int maxFrameSize) {
    this.maxFrameSize = maxFrameSize;
    return this;
  }

  public int getMaxMessageSize() {
    return maxMessageSize;
  }

  public BridgeOptions setMaxMessageSize(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
    return this;
  }

  public int getMaxRegistrations() {
    return maxRegistrations;
  }

  public BridgeOptions setMaxRegistrations(int maxRegistrations) {
    this.maxRegistrations = maxRegistrations;
    return this;
  }

  public int getRateLimit() {
    return rateLimit;
  }

  public BridgeOptions setRateLimit(int rateLimit) {
    this.rateLimit = rateLimit;
    return this;
  }

  public int getRateBurst() {
    return rateBurst;
  }

  public BridgeOptions setRateBurst(int rateBurst) {
    this.rateBurst = rateBurst;
    return this;
  }

  public int getWriteQueueSize() {
    return writeQueueSize;
  }

  public BridgeOptions setWriteQueueSize(int writeQueueSize) {
    this.writeQueueSize = writeQueueSize;
    return this;
  }

  public SlowConsumerPolicy getSlowConsumer() {
    return slowConsumer;
  }

  public BridgeOptions setSlowConsumer(SlowConsumerPolicy slowConsumer) {
    this.slowConsumer = slowConsumer;
    return this;
  }

  public long getPingTimeout() {
    return pingTimeout;
  }

  public BridgeOptions setPingTimeout(long pingTimeout) {
    this.pingTimeout = pingTimeout;
    return this;
  }

  public long getReplyTimeout() {
    return replyTimeout;
  }

  public BridgeOptions setReplyTimeout(long replyTimeout) {
    this.replyTimeout = replyTimeout;
    return this;
  }

  public long getAuthTimeout() {
    return authTimeout;
  }

  public BridgeOptions setAuthTimeout(long authTimeout) {
    this.authTimeout = authTimeout;
    return this;
  }

  public long getHeartbeat() {
    return heartbeat;
  }

  public BridgeOptions setHeartbeat(long heartbeat) {
    this.heartbeat = heartbeat;
    return this;
  }

  public int getMaxResume() {
    return maxResume;
  }

  public BridgeOptions setMaxResume(int maxResume) {
    this.maxResume = maxResume;
    return this;
  }

  public BridgeOptions addInbound(PermitOptions permit) {
    inbound.add(permit);
    return this;
  }

  public BridgeOptions addOutbound(PermitOptions permit) {
    outbound.add(permit);
    return this;
  }
}
