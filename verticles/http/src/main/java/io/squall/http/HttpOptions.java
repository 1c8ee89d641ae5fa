package io.squall.http;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The http verticle's {@code config()}. Every key is declared in {@link #KEYS} (type, default, unit, range, meaning);
 * verticles/http/README.md carries the table generated from them, and an example.
 * Limits follow Tornado's defaults unless a tighter one is safer (docs/ARCHITECTURE.md, "Limits").
 */
public class HttpOptions {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final long DEFAULT_BODY_LIMIT = 1024 * 1024;
  public static final int DEFAULT_MAX_HEADER_SIZE = 64 * 1024;
  public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 8 * 1024;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  /** Seconds from a request's first byte to the end of its headers (slowloris); Apache's mod_reqtimeout uses 20. */
  public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 20;
  /** Seconds from the end of a request's headers to the end of its body: 1 MiB at 17 KiB/s. */
  public static final int DEFAULT_BODY_TIMEOUT_SECONDS = 60;
  /** Fields of a urlencoded body or parts of a multipart one (Tornado's multipart cap since CVE-2026-31958). */
  public static final int DEFAULT_MAX_FORM_FIELDS = 100;
  public static final long DEFAULT_REQUEST_TIMEOUT = 30_000;
  public static final boolean DEFAULT_COMPRESSION = true;
  public static final int DEFAULT_COMPRESSION_LEVEL = 6;
  public static final int DEFAULT_COMPRESSION_MIN_SIZE = 1024;
  public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 20;
  public static final String DEFAULT_CONTENT_SECURITY_POLICY =
      "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
  public static final String DEFAULT_FRAME_OPTIONS = "DENY";
  public static final String DEFAULT_REFERRER_POLICY = "strict-origin-when-cross-origin";
  public static final String DEFAULT_LOCALE = "en";
  public static final boolean DEFAULT_SESSIONS = true;
  public static final int DEFAULT_SESSION_TIMEOUT_MINUTES = 30;
  public static final String DEFAULT_SESSION_COOKIE = io.squall.platform.Sessions.DEFAULT_COOKIE;
  public static final String DEFAULT_LOGIN_URL = "/login";
  public static final String DEFAULT_LOGOUT_URL = "/logout";
  public static final String DEFAULT_TOKEN_URL = "/auth/token";
  public static final String DEFAULT_OIDC_LOGIN_URL = "/login/oidc";
  public static final boolean DEFAULT_XSRF = true;
  public static final boolean DEFAULT_H2C = false;
  public static final long DEFAULT_COOKIE_MAX_AGE = SignedCookies.DEFAULT_MAX_AGE_SECONDS;

  /** What a security header's value may hold: Vert.x sends it as ASCII bytes, so no line break and no accent. */
  private static final String HEADER_VALUE = "[\\t\\x20-\\x7e]*";
  private static final String HEADER_VALUE_WORDS = "a header value (printable ASCII: no line break, no accented letter)";
  private static final String PATH = "/.*";
  private static final String PATH_WORDS = "a path starting with /";

  /** Every key of the http verticle's config, with its default, unit and meaning. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.port("port", DEFAULT_PORT, "Port the server listens on (--http-port sets it; 0: any free port)"),
      ConfigKey.string("host", DEFAULT_HOST, "Address the server listens on"),
      ConfigKey.bool("dev", false, "Development mode: static files re-read on change, stack traces on error pages,"
          + " a generated cookie secret (one per cluster) when none is configured. Never in production"),
      ConfigKey.list("routes", RouteOptions.KEYS, "The routes, in order: the first that matches a request answers it"),
      ConfigKey.size("bodyLimit", DEFAULT_BODY_LIMIT, "Largest request body (413 above it); a route's bodyLimit wins"),
      ConfigKey.size("maxHeaderSize", (long) DEFAULT_MAX_HEADER_SIZE, "Largest request header block (431 above it)")
          .range(1, Integer.MAX_VALUE),
      ConfigKey.size("maxInitialLineLength", (long) DEFAULT_MAX_INITIAL_LINE_LENGTH,
          "Longest request line (414 above it)").range(1, Integer.MAX_VALUE),
      ConfigKey.duration("idleTimeout", Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS), TimeUnit.SECONDS,
          "How long a keep-alive connection may sit idle before it is closed").range(0, Integer.MAX_VALUE),
      ConfigKey.duration("headerTimeout", Duration.ofSeconds(DEFAULT_HEADER_TIMEOUT_SECONDS), TimeUnit.SECONDS,
          "Time from a request's first byte to the end of its headers, then the connection is closed (slowloris);"
              + " 0 turns it off").range(0, Integer.MAX_VALUE),
      ConfigKey.duration("bodyTimeout", Duration.ofSeconds(DEFAULT_BODY_TIMEOUT_SECONDS), TimeUnit.SECONDS,
          "Time from the end of a request's headers to the end of its body, then the connection is closed; raise it"
              + " on nodes that take large uploads on slow links; 0 turns it off").range(0, Integer.MAX_VALUE),
      ConfigKey.integer("maxFormFields", DEFAULT_MAX_FORM_FIELDS, 1, Integer.MAX_VALUE,
          "Most fields of a urlencoded body or parts of a multipart body (more: 400); part headers are buffered up"
              + " to 1 KiB"),
      ConfigKey.duration("requestTimeout", Duration.ofMillis(DEFAULT_REQUEST_TIMEOUT), TimeUnit.MILLISECONDS,
          "How long a bus or template route (and login) waits for its event bus reply (then 504); a route's"
              + " timeout wins").range(1, Long.MAX_VALUE),
      ConfigKey.duration("shutdownTimeout", Duration.ofSeconds(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS), TimeUnit.SECONDS,
          "How long in-flight requests may take to finish when the verticle stops (SSE streams end at once)")
          .range(0, Integer.MAX_VALUE),
      ConfigKey.bool("accessLog", true, "One line per request on the logger squall.http.access"),
      ConfigKey.strings("locales", List.of(), "Locales the app has translations for; Accept-Language picks among"
          + " them for templates (any is accepted when empty), as Tornado's get_browser_locale"),
      ConfigKey.string("defaultLocale", DEFAULT_LOCALE, "The locale when the browser asks for none of the locales"),
      ConfigKey.bool("sessions", DEFAULT_SESSIONS, "Server-side sessions, in the cluster-wide store when clustered"
          + " (lazy: no cookie until something is stored)"),
      ConfigKey.duration("sessionTimeout", Duration.ofMinutes(DEFAULT_SESSION_TIMEOUT_MINUTES), TimeUnit.MINUTES,
          "Inactivity after which a session expires").range(1, Integer.MAX_VALUE),
      ConfigKey.string("sessionCookie", DEFAULT_SESSION_COOKIE, "Name of the session cookie: HttpOnly, SameSite=Lax,"
          + " Secure when the client used https").pattern("[!#$%&'*+.^_`|~0-9A-Za-z-]+", "a cookie name (letters,"
          + " digits and !#$%&'*+-.^_`|~)"),
      ConfigKey.bool("loginRoutes", true, "Serve POST loginUrl, POST logoutUrl and tokenUrl (they call"
          + " squall.auth.*)"),
      ConfigKey.string("loginUrl", DEFAULT_LOGIN_URL, "Where auth routes send guests; POST here logs in (form"
          + " username, password, next)").pattern(PATH, PATH_WORDS),
      ConfigKey.string("logoutUrl", DEFAULT_LOGOUT_URL, "POST here logs out (ends the session, revokes its token)")
          .pattern(PATH, PATH_WORDS),
      ConfigKey.string("tokenUrl", DEFAULT_TOKEN_URL, "POST JSON {username, password} here for {token}, for the"
          + " bridge and API clients; GET gives the session's token").pattern(PATH, PATH_WORDS),
      ConfigKey.string("oidcLogin", null, "OpenID Connect login (provider set in the auth verticle): true for "
          + DEFAULT_OIDC_LOGIN_URL + ", or the path; off by default").orBoolean(),
      ConfigKey.strings("trustedProxies", List.of(), "Proxy addresses and CIDR ranges (10.0.0.7, 10.0.0.0/8, ::1,"
          + " fd00::/8) whose X-Forwarded-For, X-Real-IP and X-Forwarded-Proto are believed; never host names"),
      ConfigKey.string("tlsCert", null, "PEM certificate chain file; with tlsKey the port speaks TLS only (and"
          + " HTTP/2 by ALPN).").file(),
      ConfigKey.string("tlsKey", null, "PEM private key file (PKCS#8, PKCS#1 RSA or EC); give it with tlsCert.")
          .file(),
      ConfigKey.bool("h2c", DEFAULT_H2C, "Cleartext HTTP/2 (Upgrade: h2c or prior knowledge) on a plain-HTTP port;"
          + " only when no HTTP/1.1 proxy is in front (h2c smuggling), and it turns the request-framing checks off"),
      ConfigKey.bool("compression", DEFAULT_COMPRESSION, "gzip (or deflate) text responses for clients that send"
          + " Accept-Encoding"),
      ConfigKey.integer("compressionLevel", DEFAULT_COMPRESSION_LEVEL, 1, 9, "gzip level, 1 (fast) to 9 (small)"),
      ConfigKey.size("compressionMinSize", (long) DEFAULT_COMPRESSION_MIN_SIZE, "Bodies shorter than this are sent"
          + " as they are").range(0, Integer.MAX_VALUE),
      ConfigKey.string("contentSecurityPolicy", DEFAULT_CONTENT_SECURITY_POLICY, "The Content-Security-Policy"
          + " header of every response; empty leaves it out").pattern(HEADER_VALUE, HEADER_VALUE_WORDS),
      ConfigKey.string("frameOptions", DEFAULT_FRAME_OPTIONS, "The X-Frame-Options header; empty leaves it out")
          .pattern(HEADER_VALUE, HEADER_VALUE_WORDS),
      ConfigKey.string("referrerPolicy", DEFAULT_REFERRER_POLICY, "The Referrer-Policy header; empty leaves it out")
          .pattern(HEADER_VALUE, HEADER_VALUE_WORDS),
      ConfigKey.bool("xsrf", DEFAULT_XSRF, "State-changing requests need an XSRF token (form field _xsrf or header"
          + " X-XSRFToken)"),
      ConfigKey.string("cookieSecretFile", null, "File read at start with one version=secret per line (# comments);"
          + " the highest version signs. Required unless dev or cookieSecrets; the same on every node.").file(),
      ConfigKey.map("cookieSecrets", "Key version to secret ({\"2\": \"...\", \"1\": \"...\"}), each at least "
          + CookieSecrets.MIN_SECRET_LENGTH + " characters; prefer cookieSecretFile: these end up in the config.")
          .secret(),
      ConfigKey.duration("cookieMaxAge", Duration.ofSeconds(DEFAULT_COOKIE_MAX_AGE), TimeUnit.SECONDS,
          "How long a signed cookie stays valid; also its Max-Age").range(1, Long.MAX_VALUE))
      .rule((config, problems) -> {
        if ((config.getValue("tlsCert") == null) != (config.getValue("tlsKey") == null)) {
          problems.add(config.getValue("tlsCert") == null ? "tlsCert" : "tlsKey",
              "TLS needs both tlsCert and tlsKey (PEM files), or neither");
        }
      })
      .rule((config, problems) -> {
        JsonArray proxies = config.getJsonArray("trustedProxies", new JsonArray());
        for (int i = 0; i < proxies.size(); i++) {
          String problem = TrustedProxies.problem(proxies.getString(i));
          if (problem != null) {
            problems.add("trustedProxies/" + i, problem);
          }
        }
      })
      .rule((config, problems) -> {
        JsonObject secrets = config.getJsonObject("cookieSecrets", new JsonObject());
        if (!secrets.isEmpty() && config.getValue("cookieSecretFile") != null) {
          problems.add("cookieSecrets", "set cookieSecretFile or cookieSecrets, not both");
        }
        Map<Integer, String> seen = new LinkedHashMap<>();
        secrets.forEach(e -> {
          String problem = CookieSecrets.problem(seen, e.getKey(), e.getValue() == null ? null
              : String.valueOf(e.getValue()));
          if (problem != null) {
            // a key that is no version may be a secret written where the version goes: the key is not named then
            boolean version = e.getKey().strip().matches("[0-9]{1,9}");
            problems.add(version ? "cookieSecrets/" + e.getKey().strip() : "cookieSecrets",
                version ? problem : "every key must be a version, a positive integer (a key that is not is not shown:"
                    + " it may be a secret)");
          }
        });
      });

  private int port = DEFAULT_PORT;
  private String host = DEFAULT_HOST;
  private boolean dev;
  private long bodyLimit = DEFAULT_BODY_LIMIT;
  private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
  private int maxInitialLineLength = DEFAULT_MAX_INITIAL_LINE_LENGTH;
  private int idleTimeout = DEFAULT_IDLE_TIMEOUT_SECONDS;
  private int headerTimeout = DEFAULT_HEADER_TIMEOUT_SECONDS;
  private int bodyTimeout = DEFAULT_BODY_TIMEOUT_SECONDS;
  private int maxFormFields = DEFAULT_MAX_FORM_FIELDS;
  private long requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private boolean compression = DEFAULT_COMPRESSION;
  private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;
  private int compressionMinSize = DEFAULT_COMPRESSION_MIN_SIZE;
  private int shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT_SECONDS;
  private String contentSecurityPolicy = DEFAULT_CONTENT_SECURITY_POLICY;
  private String frameOptions = DEFAULT_FRAME_OPTIONS;
  private String referrerPolicy = DEFAULT_REFERRER_POLICY;
  private boolean accessLog = true;
  private List<String> locales = new ArrayList<>();
  private String defaultLocale = DEFAULT_LOCALE;
  private boolean sessions = DEFAULT_SESSIONS;
  private int sessionTimeout = DEFAULT_SESSION_TIMEOUT_MINUTES;
  private String sessionCookie = DEFAULT_SESSION_COOKIE;
  private boolean loginRoutes = true;
  private String loginUrl = DEFAULT_LOGIN_URL;
  private String logoutUrl = DEFAULT_LOGOUT_URL;
  private String tokenUrl = DEFAULT_TOKEN_URL;
  private String oidcLoginUrl;
  private List<String> trustedProxies = new ArrayList<>();
  private String tlsCert;
  private String tlsKey;
  private boolean h2c = DEFAULT_H2C;
  private boolean xsrf = DEFAULT_XSRF;
  private Map<String, String> cookieSecrets = new LinkedHashMap<>();
  private String cookieSecretFile;
  private long cookieMaxAge = DEFAULT_COOKIE_MAX_AGE;
  private List<RouteOptions> routes = new ArrayList<>();

  public HttpOptions() {
  }

  public HttpOptions(HttpOptions other) {
    this(other.toJson());
  }

  /** Reads {@code json} as the keys declare it: durations may carry units ({@code 30s}), sizes too ({@code 1MiB}). */
  public HttpOptions(JsonObject json) {
    json = KEYS.normalize(json);
    port = json.getInteger("port", DEFAULT_PORT);
    host = json.getString("host", DEFAULT_HOST);
    dev = json.getBoolean("dev", false);
    bodyLimit = json.getLong("bodyLimit", DEFAULT_BODY_LIMIT);
    maxHeaderSize = json.getInteger("maxHeaderSize", DEFAULT_MAX_HEADER_SIZE);
    maxInitialLineLength = json.getInteger("maxInitialLineLength", DEFAULT_MAX_INITIAL_LINE_LENGTH);
    idleTimeout = json.getInteger("idleTimeout", DEFAULT_IDLE_TIMEOUT_SECONDS);
    headerTimeout = json.getInteger("headerTimeout", DEFAULT_HEADER_TIMEOUT_SECONDS);
    bodyTimeout = json.getInteger("bodyTimeout", DEFAULT_BODY_TIMEOUT_SECONDS);
    maxFormFields = json.getInteger("maxFormFields", DEFAULT_MAX_FORM_FIELDS);
    requestTimeout = json.getLong("requestTimeout", DEFAULT_REQUEST_TIMEOUT);
    compression = json.getBoolean("compression", DEFAULT_COMPRESSION);
    compressionLevel = json.getInteger("compressionLevel", DEFAULT_COMPRESSION_LEVEL);
    compressionMinSize = json.getInteger("compressionMinSize", DEFAULT_COMPRESSION_MIN_SIZE);
    shutdownTimeout = json.getInteger("shutdownTimeout", DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
    contentSecurityPolicy = json.getString("contentSecurityPolicy", DEFAULT_CONTENT_SECURITY_POLICY);
    frameOptions = json.getString("frameOptions", DEFAULT_FRAME_OPTIONS);
    referrerPolicy = json.getString("referrerPolicy", DEFAULT_REFERRER_POLICY);
    accessLog = json.getBoolean("accessLog", true);
    json.getJsonArray("locales", new JsonArray()).forEach(l -> locales.add((String) l));
    defaultLocale = json.getString("defaultLocale", DEFAULT_LOCALE);
    sessions = json.getBoolean("sessions", DEFAULT_SESSIONS);
    sessionTimeout = json.getInteger("sessionTimeout", DEFAULT_SESSION_TIMEOUT_MINUTES);
    sessionCookie = json.getString("sessionCookie", DEFAULT_SESSION_COOKIE);
    loginRoutes = json.getBoolean("loginRoutes", true);
    loginUrl = json.getString("loginUrl", DEFAULT_LOGIN_URL);
    logoutUrl = json.getString("logoutUrl", DEFAULT_LOGOUT_URL);
    tokenUrl = json.getString("tokenUrl", DEFAULT_TOKEN_URL);
    oidcLoginUrl = json.getValue("oidcLogin") instanceof Boolean on ? (on ? DEFAULT_OIDC_LOGIN_URL : null)
        : json.getString("oidcLogin");
    json.getJsonArray("trustedProxies", new JsonArray()).forEach(p -> trustedProxies.add((String) p));
    tlsCert = json.getString("tlsCert");
    tlsKey = json.getString("tlsKey");
    h2c = json.getBoolean("h2c", DEFAULT_H2C);
    xsrf = json.getBoolean("xsrf", DEFAULT_XSRF);
    json.getJsonObject("cookieSecrets", new JsonObject())
        .forEach(e -> cookieSecrets.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
    cookieSecretFile = json.getString("cookieSecretFile");
    cookieMaxAge = json.getLong("cookieMaxAge", DEFAULT_COOKIE_MAX_AGE);
    json.getJsonArray("routes", new JsonArray()).forEach(r -> routes.add(new RouteOptions((JsonObject) r)));
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    routes.forEach(r -> list.add(r.toJson()));
    JsonObject json = new JsonObject()
        .put("port", port).put("host", host).put("dev", dev)
        .put("bodyLimit", bodyLimit).put("maxHeaderSize", maxHeaderSize)
        .put("maxInitialLineLength", maxInitialLineLength).put("idleTimeout", idleTimeout)
        .put("headerTimeout", headerTimeout).put("bodyTimeout", bodyTimeout).put("maxFormFields", maxFormFields)
        .put("requestTimeout", requestTimeout)
        .put("compression", compression).put("compressionLevel", compressionLevel)
        .put("compressionMinSize", compressionMinSize).put("shutdownTimeout", shutdownTimeout)
        .put("contentSecurityPolicy", contentSecurityPolicy).put("frameOptions", frameOptions)
        .put("referrerPolicy", referrerPolicy).put("accessLog", accessLog)
        .put("locales", new JsonArray(new ArrayList<>(locales))).put("defaultLocale", defaultLocale)
        .put("sessions", sessions).put("sessionTimeout", sessionTimeout).put("sessionCookie", sessionCookie)
        .put("loginRoutes", loginRoutes).put("loginUrl", loginUrl).put("logoutUrl", logoutUrl)
        .put("tokenUrl", tokenUrl).put("oidcLogin", oidcLoginUrl == null ? (Object) false : oidcLoginUrl).put("trustedProxies", new JsonArray(new ArrayList<>(trustedProxies)))
        .put("tlsCert", tlsCert).put("tlsKey", tlsKey).put("h2c", h2c)
        .put("xsrf", xsrf).put("cookieSecrets", new JsonObject(new LinkedHashMap<>(cookieSecrets)))
        .put("cookieMaxAge", cookieMaxAge)
        .put("routes", list);
    if (cookieSecretFile != null) {
      json.put("cookieSecretFile", cookieSecretFile);
    }
    return json;
  }

  public int getPort() {
    return port;
  }

  public HttpOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public String getHost() {
    return host;
  }

  public HttpOptions setHost(String host) {
    this.host = host;
    return this;
  }

  /** Development mode: files reloaded on change, stack traces on error pages. Never in production. */
  public boolean isDev() {
    return dev;
  }

  public HttpOptions setDev(boolean dev) {
    this.dev = dev;
    return this;
  }

  /** Largest request body in bytes (413 above it); routes may set their own. */
  public long getBodyLimit() {
    return bodyLimit;
  }

  public HttpOptions setBodyLimit(long bodyLimit) {
    this.bodyLimit = bodyLimit;
    return this;
  }

  /** Largest request header block in bytes (431 above it). */
  public int getMaxHeaderSize() {
    return maxHeaderSize;
  }

  public HttpOptions setMaxHeaderSize(int maxHeaderSize) {
    this.maxHeaderSize = maxHeaderSize;
    return this;
  }

  /** Longest request line in bytes (414 above it). */
  public int getMaxInitialLineLength() {
    return maxInitialLineLength;
  }

  public HttpOptions setMaxInitialLineLength(int maxInitialLineLength) {
    this.maxInitialLineLength = maxInitialLineLength;
    return this;
  }

  /** Seconds a keep-alive connection may sit idle. */
  public int getIdleTimeout() {
    return idleTimeout;
  }

  public HttpOptions setIdleTimeout(int idleTimeout) {
    this.idleTimeout = idleTimeout;
    return this;
  }

  /**
   * Seconds a client has from the first byte of a request to the end of its headers; then the connection is closed.
   * The idle timeout alone does not stop a client that trickles one header byte now and then (slowloris). 0: off.
   */
  public int getHeaderTimeout() {
    return headerTimeout;
  }

  public HttpOptions setHeaderTimeout(int headerTimeout) {
    this.headerTimeout = headerTimeout;
    return this;
  }

  /** Seconds a client has from the end of a request's headers to the end of its body; then closed. 0: off. */
  public int getBodyTimeout() {
    return bodyTimeout;
  }

  public HttpOptions setBodyTimeout(int bodyTimeout) {
    this.bodyTimeout = bodyTimeout;
    return this;
  }

  /** Most fields in a urlencoded body or parts in a multipart body (more: 400). */
  public int getMaxFormFields() {
    return maxFormFields;
  }

  public HttpOptions setMaxFormFields(int maxFormFields) {
    this.maxFormFields = maxFormFields;
    return this;
  }

  /** Milliseconds a bus or template route waits for its reply (then 504). */
  public long getRequestTimeout() {
    return requestTimeout;
  }

  public HttpOptions setRequestTimeout(long requestTimeout) {
    this.requestTimeout = requestTimeout;
    return this;
  }

  public boolean isCompression() {
    return compression;
  }

  public HttpOptions setCompression(boolean compression) {
    this.compression = compression;
    return this;
  }

  public int getCompressionLevel() {
    return compressionLevel;
  }

  public HttpOptions setCompressionLevel(int compressionLevel) {
    this.compressionLevel = compressionLevel;
    return this;
  }

  /** Bodies smaller than this are sent uncompressed. */
  public int getCompressionMinSize() {
    return compressionMinSize;
  }

  public HttpOptions setCompressionMinSize(int compressionMinSize) {
    this.compressionMinSize = compressionMinSize;
    return this;
  }

  /** Seconds in-flight requests may take to finish when the verticle stops. */
  public int getShutdownTimeout() {
    return shutdownTimeout;
  }

  public HttpOptions setShutdownTimeout(int shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
    return this;
  }

  public String getContentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  public HttpOptions setContentSecurityPolicy(String contentSecurityPolicy) {
    this.contentSecurityPolicy = contentSecurityPolicy;
    return this;
  }

  public String getFrameOptions() {
    return frameOptions;
  }

  public HttpOptions setFrameOptions(String frameOptions) {
    this.frameOptions = frameOptions;
    return this;
  }

  public String getReferrerPolicy() {
    return referrerPolicy;
  }

  public HttpOptions setReferrerPolicy(String referrerPolicy) {
    this.referrerPolicy = referrerPolicy;
    return this;
  }

  public boolean isAccessLog() {
    return accessLog;
  }

  public HttpOptions setAccessLog(boolean accessLog) {
    this.accessLog = accessLog;
    return this;
  }

  /** Locales the app has translations for; Accept-Language picks among them (all accepted when empty). */
  public List<String> getLocales() {
    return locales;
  }

  public HttpOptions setLocales(List<String> locales) {
    this.locales = new ArrayList<>(locales);
    return this;
  }

  /** The locale when the browser asks for none of {@link #getLocales()}. */
  public String getDefaultLocale() {
    return defaultLocale;
  }

  public HttpOptions setDefaultLocale(String defaultLocale) {
    this.defaultLocale = defaultLocale;
    return this;
  }

  /** Server-side sessions in the cluster-wide session store (lazy: no cookie until something is stored). */
  public boolean isSessions() {
    return sessions;
  }

  public HttpOptions setSessions(boolean sessions) {
    this.sessions = sessions;
    return this;
  }

  /** Minutes of inactivity before a session expires. */
  public int getSessionTimeout() {
    return sessionTimeout;
  }

  public HttpOptions setSessionTimeout(int sessionTimeout) {
    this.sessionTimeout = sessionTimeout;
    return this;
  }

  public String getSessionCookie() {
    return sessionCookie;
  }

  public HttpOptions setSessionCookie(String sessionCookie) {
    this.sessionCookie = sessionCookie;
    return this;
  }

  /** Whether POST loginUrl, logoutUrl and tokenUrl are served (they call squall.auth.*). */
  public boolean isLoginRoutes() {
    return loginRoutes;
  }

  public HttpOptions setLoginRoutes(boolean loginRoutes) {
    this.loginRoutes = loginRoutes;
    return this;
  }

  /** Where guests are sent by authenticated routes; POST here logs in (form username, password, next). */
  public String getLoginUrl() {
    return loginUrl;
  }

  public HttpOptions setLoginUrl(String loginUrl) {
    this.loginUrl = loginUrl;
    return this;
  }

  public String getLogoutUrl() {
    return logoutUrl;
  }

  public HttpOptions setLogoutUrl(String logoutUrl) {
    this.logoutUrl = logoutUrl;
    return this;
  }

  /** POST JSON {username, password} here for {token}, for the bridge and API clients. */
  public String getTokenUrl() {
    return tokenUrl;
  }

  public HttpOptions setTokenUrl(String tokenUrl) {
    this.tokenUrl = tokenUrl;
    return this;
  }

  /**
   * Where a browser starts an OpenID Connect login ({@code GET}, with {@code ?next=}); the provider sends it back to
   * this path + {@code /callback}. Null (the default) when OIDC login is off. Config: {@code oidcLogin: true} for
   * {@value #DEFAULT_OIDC_LOGIN_URL}, or the path.
   */
  public String getOidcLoginUrl() {
    return oidcLoginUrl;
  }

  public HttpOptions setOidcLoginUrl(String oidcLoginUrl) {
    this.oidcLoginUrl = oidcLoginUrl;
    return this;
  }

  /**
   * Proxy addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code ::1}) whose X-Forwarded-For / X-Real-IP /
   * X-Forwarded-Proto are believed; none by default.
   */
  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public HttpOptions setTrustedProxies(List<String> trustedProxies) {
    this.trustedProxies = new ArrayList<>(trustedProxies);
    return this;
  }

  /** PEM certificate chain file; with {@link #getTlsKey()} the server speaks TLS (and HTTP/2 by ALPN). */
  public String getTlsCert() {
    return tlsCert;
  }

  public HttpOptions setTlsCert(String tlsCert) {
    this.tlsCert = tlsCert;
    return this;
  }

  /** PEM private key file. */
  public String getTlsKey() {
    return tlsKey;
  }

  public HttpOptions setTlsKey(String tlsKey) {
    this.tlsKey = tlsKey;
    return this;
  }

  /**
   * Cleartext HTTP/2 ({@code Upgrade: h2c} or prior knowledge) on a plain-HTTP port; off by default. Only for a
   * server clients reach directly or through a proxy that speaks h2c itself: behind an HTTP/1.1 proxy, an upgraded
   * connection is a tunnel past the proxy's rules (h2c smuggling). With it on, the request-framing checks of
   * {@link RequestHygiene} are off too: Vert.x decodes the first request before it hands out the connection, too
   * late to check it. TLS ports negotiate HTTP/2 by ALPN whatever this says.
   */
  public boolean isH2c() {
    return h2c;
  }

  public HttpOptions setH2c(boolean h2c) {
    this.h2c = h2c;
    return this;
  }

  /** Whether state-changing requests need an XSRF token ({@link Xsrf}); on by default. */
  public boolean isXsrf() {
    return xsrf;
  }

  public HttpOptions setXsrf(boolean xsrf) {
    this.xsrf = xsrf;
    return this;
  }

  /**
   * Key version to secret for {@link SignedCookies}; the highest version signs. Prefer {@link #getCookieSecretFile()}:
   * secrets given here are part of {@link #toJson()}, so never log these options.
   */
  public Map<String, String> getCookieSecrets() {
    return cookieSecrets;
  }

  public HttpOptions setCookieSecrets(Map<String, String> cookieSecrets) {
    this.cookieSecrets = new LinkedHashMap<>(cookieSecrets);
    return this;
  }

  /** A file read at start with one {@code version=secret} per line; exclusive with {@link #getCookieSecrets()}. */
  public String getCookieSecretFile() {
    return cookieSecretFile;
  }

  public HttpOptions setCookieSecretFile(String cookieSecretFile) {
    this.cookieSecretFile = cookieSecretFile;
    return this;
  }

  /** Seconds a signed cookie stays valid (and its Max-Age); 31 days by default. */
  public long getCookieMaxAge() {
    return cookieMaxAge;
  }

  public HttpOptions setCookieMaxAge(long cookieMaxAge) {
    this.cookieMaxAge = cookieMaxAge;
    return this;
  }

  public List<RouteOptions> getRoutes() {
    return routes;
  }

  public HttpOptions setRoutes(List<RouteOptions> routes) {
    this.routes = new ArrayList<>(routes);
    return this;
  }

  public HttpOptions addRoute(RouteOptions route) {
    routes.add(route);
    return this;
  }
}
