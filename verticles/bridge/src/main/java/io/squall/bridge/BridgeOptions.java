package io.squall.bridge;

import io.squall.platform.Sessions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The bridge verticle's {@code config()}. Every key, its default and an example: verticles/bridge/README.md. */
public class BridgeOptions {

  /** What happens to a socket whose unsent frames pass {@code writeQueueSize}. */
  public enum SlowConsumerPolicy { CLOSE, DROP_OLDEST }

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
    port = json.getInteger("port", DEFAULT_PORT);
    host = json.getString("host", DEFAULT_HOST);
    path = json.getString("path", DEFAULT_PATH);
    inbound = permits(json.getJsonArray("inbound"), "inbound");
    outbound = permits(json.getJsonArray("outbound"), "outbound");
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
    String policy = json.getString("slowConsumer", "close");
    slowConsumer = switch (policy) {
      case "close" -> SlowConsumerPolicy.CLOSE;
      case "drop-oldest" -> SlowConsumerPolicy.DROP_OLDEST;
      default -> throw new IllegalArgumentException("bridge: slowConsumer must be close or drop-oldest, not '" + policy + "'");
    };
    pingTimeout = json.getLong("pingTimeout", DEFAULT_PING_TIMEOUT);
    replyTimeout = json.getLong("replyTimeout", DEFAULT_REPLY_TIMEOUT);
    authTimeout = json.getLong("authTimeout", DEFAULT_AUTH_TIMEOUT);
    heartbeat = json.getLong("heartbeat", DEFAULT_HEARTBEAT);
    maxResume = json.getInteger("maxResume", DEFAULT_MAX_RESUME);
  }

  private static List<PermitOptions> permits(JsonArray array, String key) {
    List<PermitOptions> list = new ArrayList<>();
    if (array == null) {
      return list;
    }
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject permit)) {
        throw new IllegalArgumentException("bridge: " + key + "[" + i + "] must be an object {address | addressRegex, match?, role?}");
      }
      list.add(new PermitOptions(permit));
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
        .put("slowConsumer", slowConsumer == SlowConsumerPolicy.CLOSE ? "close" : "drop-oldest")
        .put("pingTimeout", pingTimeout).put("replyTimeout", replyTimeout).put("authTimeout", authTimeout)
        .put("heartbeat", heartbeat).put("maxResume", maxResume);
  }

  /** @throws IllegalArgumentException naming the first bad key */
  void validate() {
    require(port >= 0 && port <= 65535, "port must be 0..65535");
    require(path.startsWith("/") && !path.endsWith("/"), "path must start with / and not end with one (/eventbus)");
    require(maxFrameSize >= 256 && maxMessageSize >= maxFrameSize, "maxFrameSize must be >= 256 and <= maxMessageSize");
    require(maxRegistrations >= 1, "maxRegistrations must be at least 1");
    require(rateLimit >= 0 && (rateLimit == 0 || rateBurst >= 1), "rateLimit must be >= 0 (0: off), rateBurst >= 1");
    require(writeQueueSize >= 1024, "writeQueueSize must be at least 1024 bytes");
    require(pingTimeout >= 1000, "pingTimeout must be at least 1000 ms");
    require(replyTimeout >= 1 && authTimeout >= 1, "replyTimeout and authTimeout must be positive");
    require(maxResume >= 0, "maxResume must be >= 0");
    for (int i = 0; i < inbound.size(); i++) {
      Permits.check(inbound.get(i), "inbound[" + i + "]");
    }
    for (int i = 0; i < outbound.size(); i++) {
      Permits.check(outbound.get(i), "outbound[" + i + "]");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("bridge: " + message);
    }
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
