package io.squall.http;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
  /** The statuses a redirect route may answer with. */
  static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

  /** The keys of one route; which of them a route needs depends on its {@code kind} (the rule below). */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.oneOf("kind", null, Arrays.stream(Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList(),
          "What the route does: template (a page), static (files), bus (an event bus request), sse (a stream),"
              + " redirect, handler (a Java RouteHandler)").required(),
      ConfigKey.string("path", null, "Vert.x Web path (/rooms/:room, /static/*); give path or regex"),
      ConfigKey.string("regex", null, "Instead of path: a regular expression; its named groups are the"
          + " path parameters"),
      ConfigKey.string("name", null, "For url(name, ...) in templates, and the route label of the request metrics"),
      ConfigKey.strings("methods", List.of(), "HTTP methods; empty: GET and HEAD, POST for bus, any for handler")
          .pattern("[A-Za-z]+", "an HTTP method such as GET or POST"),
      ConfigKey.bool("auth", false, "Needs a logged-in user: a guest's GET or HEAD goes to loginUrl?next=PATH,"
          + " other methods get 403"),
      ConfigKey.bool("session", false, "May start a session for a browser that has none (otherwise only requests"
          + " with a session cookie have one)"),
      ConfigKey.string("template", null, "template: the template's name for squall.templates.render"),
      ConfigKey.string("dir", null, "static: the folder served: relative (to the working directory, resolved at"
          + " start, never the class path), absolute, or classpath:FOLDER (never the class path's root). The path"
          + " must end in /*.").dir(),
      ConfigKey.string("address", null, "bus, sse: the event bus address; template: where the page's data comes"
          + " from"),
      ConfigKey.string("channel", null, "sse, instead of address: the channel, {param} filled from the path"
          + " (room.{room})"),
      ConfigKey.string("to", null, "redirect: the target ({param} filled, URL-encoded); bus: where a successful"
          + " form post goes (303), JSON posts still get the reply"),
      ConfigKey.integer("status", DEFAULT_REDIRECT_STATUS, 300, 399, "redirect: 301, 302, 303, 307 or 308"),
      ConfigKey.string("handler", null, "handler: a RouteHandler class (public, no-argument constructor)"),
      ConfigKey.size("bodyLimit", null, "bus, handler: largest request body; the verticle's bodyLimit when not set"),
      ConfigKey.duration("timeout", null, TimeUnit.MILLISECONDS, "bus, template, sse: how long the event bus"
          + " reply may take; the verticle's requestTimeout when not set").range(1, Long.MAX_VALUE),
      ConfigKey.object("rateLimit", RateLimitOptions.KEYS, "A token bucket per user (per client address for guests):"
          + " 429 when empty; no limit without it"),
      ConfigKey.json("config", "handler: handed to RouteHandler.init; sse: keepAlive, the time between keep-alive"
          + " comments (15000)"))
      .rule((route, problems) -> {
        if ((route.getValue("path") == null) == (route.getValue("regex") == null)) {
          problems.add("", "exactly one of 'path' or 'regex' is required");
        }
        if (route.getValue("regex") instanceof String regex) {
          try {
            Pattern.compile(regex);
          } catch (PatternSyntaxException e) {
            problems.add("regex", "not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
          }
        }
        if (route.getValue("config") != null && !(route.getValue("config") instanceof JsonObject)) {
          problems.add("config", "must be a mapping");
        }
        kindProblems(route, problems);
      });

  /** What a route of its kind needs and the others do not check. */
  private static void kindProblems(JsonObject route, ConfigKeys.Problems problems) {
    boolean path = route.getValue("path") != null;
    switch (Kind.valueOf(route.getString("kind").toUpperCase(Locale.ROOT))) {
      case TEMPLATE -> need(route, problems, "template", "a template route needs 'template'");
      case STATIC -> {
        if (need(route, problems, "dir", "a static route needs 'dir' (a folder, or classpath:FOLDER)")) {
          String problem = StaticFiles.dirProblem(route.getString("dir"));
          if (problem != null) {
            problems.add("dir", problem);
          }
        }
        if (path && !route.getString("path").endsWith("/*")) {
          problems.add("path", "a static route needs a 'path' ending in /* (e.g. /static/*)");
        } else if (!path && route.getValue("regex") != null) {
          problems.add("regex", "a static route needs a 'path' ending in /* (e.g. /static/*), not a regex");
        }
      }
      case BUS -> need(route, problems, "address", "a bus route needs 'address'");
      case SSE -> {
        if ((route.getValue("address") == null) == (route.getValue("channel") == null)) {
          problems.add("", "an sse route needs 'address' or 'channel' (one of them)");
        }
        // an sse route's config is the stream's own keys (a handler's is the handler's, unchecked here)
        if (route.getValue("config") instanceof JsonObject config) {
          SseRoute.KEYS.check(config, RouteOptions.class.getClassLoader())
              .forEach(p -> problems.add("config" + p.pointer(), p.message()));
        }
      }
      case REDIRECT -> {
        need(route, problems, "to", "a redirect route needs 'to'");
        int status = route.getInteger("status", DEFAULT_REDIRECT_STATUS);
        if (!REDIRECT_STATUSES.contains(status)) {
          problems.add("status", "a redirect's status must be 301, 302, 303, 307 or 308, got " + status);
        }
      }
      case HANDLER -> need(route, problems, "handler", "a handler route needs 'handler' (a RouteHandler class)");
    }
  }

  private static boolean need(JsonObject route, ConfigKeys.Problems problems, String key, String message) {
    if (route.getValue(key) == null) {
      problems.add(key, message);
      return false;
    }
    return true;
  }

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

  /** Reads {@code json} as {@link #KEYS} declare it ({@code timeout: 5s}, {@code bodyLimit: 10MiB}). */
  public RouteOptions(JsonObject json) {
    json = KEYS.normalize(json);
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
    if (kind == Kind.SSE) {
      config = SseRoute.KEYS.normalize(config);
    }
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
