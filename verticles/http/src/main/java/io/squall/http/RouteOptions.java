package io.squall.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One route of the http verticle. {@code path} uses Vert.x Web's syntax ({@code /rooms/:room}); {@code regex}
 * takes a regular expression with named groups instead ({@code ^/rooms/(?<room>[a-z0-9-]+)$}).
 */
public class RouteOptions {

  /** What a route does. */
  public enum Kind {
    /** Renders a template through {@code squall.templates.render}. */
    TEMPLATE,
    /** Serves files from a directory or the classpath. */
    STATIC,
    /** Sends the request to an event bus address and answers with the reply as JSON. */
    BUS,
    /** Streams an event bus address or a channel as Server-Sent Events. */
    SSE,
    /** Redirects to {@code to}. */
    REDIRECT,
    /** A Java {@link RouteHandler} named by {@code handler}. */
    HANDLER
  }

  public static final int DEFAULT_REDIRECT_STATUS = 302;

  private String name;
  private String path;
  private String regex;
  private List<String> methods = new ArrayList<>();
  private Kind kind;
  private String address;
  private String channel;
  private String template;
  private String dir;
  private String to;
  private int status = DEFAULT_REDIRECT_STATUS;
  private String handler;
  private boolean auth;
  private boolean session;
  private Long bodyLimit;
  private Long timeout;
  private RateLimitOptions rateLimit;
  private JsonObject config = new JsonObject();

  public RouteOptions() {
  }

  public RouteOptions(JsonObject json) {
    name = json.getString("name");
    path = json.getString("path");
    regex = json.getString("regex");
    json.getJsonArray("methods", new JsonArray()).forEach(m -> methods.add(((String) m).toUpperCase(Locale.ROOT)));
    String k = json.getString("kind");
    kind = k == null ? null : Kind.valueOf(k.toUpperCase(Locale.ROOT));
    address = json.getString("address");
    channel = json.getString("channel");
    template = json.getString("template");
    dir = json.getString("dir");
    to = json.getString("to");
    status = json.getInteger("status", DEFAULT_REDIRECT_STATUS);
    handler = json.getString("handler");
    auth = json.getBoolean("auth", false);
    session = json.getBoolean("session", false);
    bodyLimit = json.getLong("bodyLimit");
    timeout = json.getLong("timeout");
    JsonObject limit = json.getJsonObject("rateLimit");
    rateLimit = limit == null ? null : new RateLimitOptions(limit);
    config = json.getJsonObject("config", new JsonObject()).copy();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("methods", new JsonArray(new ArrayList<>(methods))).put("status", status)
        .put("auth", auth).put("session", session).put("config", config.copy());
    put(json, "name", name);
    put(json, "path", path);
    put(json, "regex", regex);
    put(json, "kind", kind == null ? null : kind.name().toLowerCase(Locale.ROOT));
    put(json, "address", address);
    put(json, "channel", channel);
    put(json, "template", template);
    put(json, "dir", dir);
    put(json, "to", to);
    put(json, "handler", handler);
    put(json, "bodyLimit", bodyLimit);
    put(json, "timeout", timeout);
    put(json, "rateLimit", rateLimit == null ? null : rateLimit.toJson());
    return json;
  }

  private static void put(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /** What is wrong with this route, or null. */
  String problem() {
    if (kind == null) {
      return "'kind' is required: template, static, bus, sse, redirect or handler";
    }
    if ((path == null) == (regex == null)) {
      return "exactly one of 'path' or 'regex' is required";
    }
    if (rateLimit != null && rateLimit.problem() != null) {
      return rateLimit.problem();
    }
    return switch (kind) {
      case TEMPLATE -> template == null ? "a template route needs 'template'" : null;
      case STATIC -> dir == null ? "a static route needs 'dir' (a folder, or classpath:FOLDER)"
          : StaticFiles.dirProblem(dir) != null ? StaticFiles.dirProblem(dir)
          : path == null || !path.endsWith("/*") ? "a static route needs a 'path' ending in /* (e.g. /static/*)" : null;
      case BUS -> address == null ? "a bus route needs 'address'" : null;
      case SSE -> (address == null) == (channel == null) ? "an sse route needs 'address' or 'channel'" : null;
      case REDIRECT -> to == null ? "a redirect route needs 'to'"
          : !java.util.Set.of(301, 302, 303, 307, 308).contains(status)
              ? "redirect 'status' must be 301, 302, 303, 307 or 308" : null;
      case HANDLER -> handler == null ? "a handler route needs 'handler' (a RouteHandler class)" : null;
    };
  }

  /** Used by {@code url(name, ...)} to build links. */
  public String getName() {
    return name;
  }

  public RouteOptions setName(String name) {
    this.name = name;
    return this;
  }

  public String getPath() {
    return path;
  }

  public RouteOptions setPath(String path) {
    this.path = path;
    return this;
  }

  public String getRegex() {
    return regex;
  }

  public RouteOptions setRegex(String regex) {
    this.regex = regex;
    return this;
  }

  /** Upper-case HTTP methods; empty means the kind's default (GET and HEAD, POST for bus routes). */
  public List<String> getMethods() {
    return methods;
  }

  public RouteOptions setMethods(List<String> methods) {
    this.methods = new ArrayList<>(methods);
    return this;
  }

  public Kind getKind() {
    return kind;
  }

  public RouteOptions setKind(Kind kind) {
    this.kind = kind;
    return this;
  }

  public String getAddress() {
    return address;
  }

  public RouteOptions setAddress(String address) {
    this.address = address;
    return this;
  }

  /** Channel name for sse routes; {@code {param}} takes a path parameter: {@code room.{room}}. */
  public String getChannel() {
    return channel;
  }

  public RouteOptions setChannel(String channel) {
    this.channel = channel;
    return this;
  }

  public String getTemplate() {
    return template;
  }

  public RouteOptions setTemplate(String template) {
    this.template = template;
    return this;
  }

  public String getDir() {
    return dir;
  }

  public RouteOptions setDir(String dir) {
    this.dir = dir;
    return this;
  }

  public String getTo() {
    return to;
  }

  public RouteOptions setTo(String to) {
    this.to = to;
    return this;
  }

  public int getStatus() {
    return status;
  }

  public RouteOptions setStatus(int status) {
    this.status = status;
    return this;
  }

  public String getHandler() {
    return handler;
  }

  public RouteOptions setHandler(String handler) {
    this.handler = handler;
    return this;
  }

  /** Whether the route needs a logged-in user. */
  public boolean isAuth() {
    return auth;
  }

  public RouteOptions setAuth(boolean auth) {
    this.auth = auth;
    return this;
  }

  /**
   * Whether the route may start a session for a browser that has none ({@code ctx.session()} then always exists).
   * Without it a request only has a session when it brings a session cookie: guests cost nothing.
   */
  public boolean isSession() {
    return session;
  }

  public RouteOptions setSession(boolean session) {
    this.session = session;
    return this;
  }

  /** Body limit in bytes for this route; the verticle's {@code bodyLimit} when null. */
  public Long getBodyLimit() {
    return bodyLimit;
  }

  public RouteOptions setBodyLimit(Long bodyLimit) {
    this.bodyLimit = bodyLimit;
    return this;
  }

  /** Event bus timeout in ms for bus and template routes; the verticle's {@code requestTimeout} when null. */
  public Long getTimeout() {
    return timeout;
  }

  public RouteOptions setTimeout(Long timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Requests a user (a guest: a client address) may make on this route; null for no limit. */
  public RateLimitOptions getRateLimit() {
    return rateLimit;
  }

  public RouteOptions setRateLimit(RateLimitOptions rateLimit) {
    this.rateLimit = rateLimit;
    return this;
  }

  /** Free-form config handed to a {@link RouteHandler}. */
  public JsonObject getConfig() {
    return config;
  }

  public RouteOptions setConfig(JsonObject config) {
    this.config = config.copy();
    return this;
  }
}
