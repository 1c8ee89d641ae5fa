package io.squall.auth;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The auth verticle's {@code config()}. Every key, its default and an example: verticles/auth/README.md. */
public class AuthOptions {

  /** Seconds. */
  public static final int DEFAULT_TOKEN_TTL = 3600;
  /** Seconds. */
  public static final int DEFAULT_MAX_SESSION_AGE = 7 * 24 * 3600;
  public static final String DEFAULT_ISSUER = "squall";
  public static final String DEFAULT_AUDIENCE = "squall";
  public static final boolean DEFAULT_DEV = false;
  public static final boolean DEFAULT_REGISTRATION = false;
  public static final int DEFAULT_PASSWORD_MIN_LENGTH = 10;
  /** OWASP's 2023 advice for PBKDF2-HMAC-SHA512. */
  public static final int DEFAULT_PASSWORD_ITERATIONS = 210_000;
  public static final List<String> DEFAULT_ROLES = List.of("user");
  /** Failed logins on one account from one address within the window, then 429 for that pair only. */
  public static final int DEFAULT_MAX_FAILURES = 5;
  /** Seconds. */
  public static final int DEFAULT_FAILURE_WINDOW = 60;
  /**
   * Failed logins from one address across accounts within the window, then 429 for the address: twenty times the
   * pair limit, so the handful of users behind one NAT who mistype never reach it, while one source spraying names
   * gets 100 guesses a minute.
   */
  public static final int DEFAULT_MAX_ADDRESS_FAILURES = 100;
  /**
   * Failures on one account from any addresses before its attempts are delayed: twice the pair limit, so an owner who
   * mistypes on one device meets the pair limit first, and only guesses from several addresses slow the account.
   */
  public static final int DEFAULT_ACCOUNT_DELAY_AFTER = 10;
  /**
   * Seconds without a failure after which an account's failures are forgotten: long enough that guesses a few minutes
   * apart still add up.
   */
  public static final int DEFAULT_ACCOUNT_FAILURE_WINDOW = 900;
  /** Milliseconds of the first delay, doubled per further failure (OWASP's exponential lockout starts at 1 s too). */
  public static final int DEFAULT_ACCOUNT_DELAY = 1000;
  /** Milliseconds a delay never exceeds: well under the 30 s callers (http, bus) wait for a login's reply. */
  public static final int DEFAULT_MAX_ACCOUNT_DELAY = 10_000;
  public static final int DEFAULT_WORKER_POOL_SIZE = 2;

  private static final int MAX = Integer.MAX_VALUE;

  /** Every key of the auth verticle's config (the verticle's {@code CONFIG}); README.md's tables come from these. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.string("usersFile", null, "YAML users that seed the store at start (Users file, below), a file or"
          + " classpath:NAME; on every start the file wins for the names it lists.").file(),
      ConfigKey.duration("tokenTtl", Duration.ofSeconds(DEFAULT_TOKEN_TTL), TimeUnit.SECONDS,
          "How long a token is valid").range(1, MAX),
      ConfigKey.duration("maxSessionAge", Duration.ofSeconds(DEFAULT_MAX_SESSION_AGE), TimeUnit.SECONDS,
          "How long after the login refresh keeps giving new tokens; at least tokenTtl").range(1, MAX),
      ConfigKey.string("issuer", DEFAULT_ISSUER, "iss of issued tokens, checked on verify"),
      ConfigKey.string("audience", DEFAULT_AUDIENCE, "aud of issued tokens, checked on verify"),
      ConfigKey.list("keys", JwtKeyOptions.KEYS, "JWT keys, the same on every node: the signing one (the first, or"
          + " signingKey) and older ones that still verify (rotation). Secrets come from files or environment variables"
          + " only"),
      ConfigKey.string("signingKey", null, "The kid of keys that signs new tokens (default: the first); the others"
          + " only verify"),
      ConfigKey.bool("dev", DEFAULT_DEV, "With no keys, use a generated HS256 key: one for the whole cluster, or one"
          + " per process on a standalone node (see below the table)"),
      ConfigKey.bool("registration", DEFAULT_REGISTRATION, "Allow squall.auth.register"),
      ConfigKey.integer("passwordMinLength", DEFAULT_PASSWORD_MIN_LENGTH, 1, Passwords.MAX_LENGTH, "Shortest password"
          + " registration accepts; the password must also not contain the user name and have 4+ different"
          + " characters"),
      ConfigKey.integer("passwordIterations", DEFAULT_PASSWORD_ITERATIONS, 1000, MAX, "PBKDF2-HMAC-SHA512"
          + " iterations of new hashes (OWASP 2023); existing hashes keep theirs"),
      ConfigKey.strings("defaultRoles", DEFAULT_ROLES, "Roles of registered users"),
      ConfigKey.integer("maxFailures", DEFAULT_MAX_FAILURES, 1, MAX, "Failed logins on one account from one address"
          + " within failureWindow (from the first failure), then 429 for that account from that address only until"
          + " the window ends (Throttling)"),
      ConfigKey.duration("failureWindow", Duration.ofSeconds(DEFAULT_FAILURE_WINDOW), TimeUnit.SECONDS,
          "Window of maxFailures and maxAddressFailures, from the first failure").range(1, MAX),
      ConfigKey.integer("maxAddressFailures", DEFAULT_MAX_ADDRESS_FAILURES, 1, MAX, "Failed logins from one address"
          + " across all accounts within failureWindow, then 429 for that address until the window ends"),
      ConfigKey.integer("accountDelayAfter", DEFAULT_ACCOUNT_DELAY_AFTER, 1, MAX, "Failed logins on one account from"
          + " any addresses after which each attempt on it is delayed (never refused)"),
      ConfigKey.duration("accountFailureWindow", Duration.ofSeconds(DEFAULT_ACCOUNT_FAILURE_WINDOW), TimeUnit.SECONDS,
          "Time without a failure on an account after which its failures are forgotten").range(1, MAX),
      ConfigKey.duration("accountDelay", Duration.ofMillis(DEFAULT_ACCOUNT_DELAY), TimeUnit.MILLISECONDS,
          "How long the first delayed attempt waits; each further failure doubles it").range(1, MAX),
      ConfigKey.duration("maxAccountDelay", Duration.ofMillis(DEFAULT_MAX_ACCOUNT_DELAY), TimeUnit.MILLISECONDS,
          "Longest delay, at least accountDelay; keep it well under the callers' reply timeout (the http verticle's"
          + " requestTimeout, 30s)").range(1, MAX),
      ConfigKey.integer("workerPoolSize", DEFAULT_WORKER_POOL_SIZE, 1, MAX, "Threads that hash passwords (each check"
          + " takes ~0.1-0.3 s of CPU at the default iterations)"),
      ConfigKey.object("oidc", OidcOptions.KEYS, "OpenID Connect login with one provider (authorization code with"
          + " PKCE); absent: off"))
      .rule((config, problems) -> {
        if (config.getLong("maxSessionAge", (long) DEFAULT_MAX_SESSION_AGE)
            < config.getLong("tokenTtl", (long) DEFAULT_TOKEN_TTL)) {
          problems.add("maxSessionAge", "must be at least tokenTtl");
        }
        if (config.getLong("maxAccountDelay", (long) DEFAULT_MAX_ACCOUNT_DELAY)
            < config.getLong("accountDelay", (long) DEFAULT_ACCOUNT_DELAY)) {
          problems.add("maxAccountDelay", "must be at least accountDelay");
        }
      })
      .rule(AuthOptions::checkSigner);

  /** Key ids are unique, signingKey names one of them, and an RS/PS/ES key that signs has its private key. */
  private static void checkSigner(JsonObject config, ConfigKeys.Problems problems) {
    JsonArray keys = config.getJsonArray("keys", new JsonArray());
    Set<String> kids = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!kids.add(keys.getJsonObject(i).getString("kid"))) {
        problems.add("keys/" + i + "/kid", "another key has the kid '" + keys.getJsonObject(i).getString("kid") + "'");
      }
    }
    String signingKey = config.getString("signingKey");
    if (signingKey != null && !kids.contains(signingKey)) {
      problems.add("signingKey", "names no kid of keys" + (kids.isEmpty() ? "" : " (kids: " + String.join(", ", kids)
          + ")"));
      return;
    }
    for (int i = 0; i < keys.size(); i++) {
      JsonObject key = keys.getJsonObject(i);
      boolean signs = signingKey == null ? i == 0 : signingKey.equals(key.getString("kid"));
      if (signs && !key.getString("algorithm", JwtKeyOptions.DEFAULT_ALGORITHM).startsWith("HS")
          && !JwtKeyOptions.set(key, "privateKeyFile")) {
        problems.add("keys/" + i, "key '" + key.getString("kid") + "' signs tokens (" + (signingKey == null
            ? "the first of keys" : "signingKey") + ") but has no privateKeyFile");
        return;
      }
    }
  }

  private String usersFile;
  private int tokenTtl = DEFAULT_TOKEN_TTL;
  private int maxSessionAge = DEFAULT_MAX_SESSION_AGE;
  private String issuer = DEFAULT_ISSUER;
  private String audience = DEFAULT_AUDIENCE;
  private List<JwtKeyOptions> keys = new ArrayList<>();
  private String signingKey;
  private boolean dev = DEFAULT_DEV;
  private boolean registration = DEFAULT_REGISTRATION;
  private int passwordMinLength = DEFAULT_PASSWORD_MIN_LENGTH;
  private int passwordIterations = DEFAULT_PASSWORD_ITERATIONS;
  private List<String> defaultRoles = new ArrayList<>(DEFAULT_ROLES);
  private int maxFailures = DEFAULT_MAX_FAILURES;
  private int failureWindow = DEFAULT_FAILURE_WINDOW;
  private int maxAddressFailures = DEFAULT_MAX_ADDRESS_FAILURES;
  private int accountDelayAfter = DEFAULT_ACCOUNT_DELAY_AFTER;
  private int accountFailureWindow = DEFAULT_ACCOUNT_FAILURE_WINDOW;
  private int accountDelay = DEFAULT_ACCOUNT_DELAY;
  private int maxAccountDelay = DEFAULT_MAX_ACCOUNT_DELAY;
  private int workerPoolSize = DEFAULT_WORKER_POOL_SIZE;
  private OidcOptions oidc;

  public AuthOptions() {
  }

  public AuthOptions(AuthOptions other) {
    this(other.toJson());
  }

  public AuthOptions(JsonObject json) {
    json = KEYS.normalize(json);
    usersFile = json.getString("usersFile");
    tokenTtl = json.getInteger("tokenTtl", DEFAULT_TOKEN_TTL);
    maxSessionAge = json.getInteger("maxSessionAge", DEFAULT_MAX_SESSION_AGE);
    issuer = json.getString("issuer", DEFAULT_ISSUER);
    audience = json.getString("audience", DEFAULT_AUDIENCE);
    JsonArray keyArray = json.getJsonArray("keys", new JsonArray());
    keys = new ArrayList<>();
    for (int i = 0; i < keyArray.size(); i++) {
      keys.add(new JwtKeyOptions(keyArray.getJsonObject(i)));
    }
    signingKey = json.getString("signingKey");
    dev = json.getBoolean("dev", DEFAULT_DEV);
    registration = json.getBoolean("registration", DEFAULT_REGISTRATION);
    passwordMinLength = json.getInteger("passwordMinLength", DEFAULT_PASSWORD_MIN_LENGTH);
    passwordIterations = json.getInteger("passwordIterations", DEFAULT_PASSWORD_ITERATIONS);
    defaultRoles = OidcOptions.strings(json.getJsonArray("defaultRoles"), DEFAULT_ROLES);
    maxFailures = json.getInteger("maxFailures", DEFAULT_MAX_FAILURES);
    failureWindow = json.getInteger("failureWindow", DEFAULT_FAILURE_WINDOW);
    maxAddressFailures = json.getInteger("maxAddressFailures", DEFAULT_MAX_ADDRESS_FAILURES);
    accountDelayAfter = json.getInteger("accountDelayAfter", DEFAULT_ACCOUNT_DELAY_AFTER);
    accountFailureWindow = json.getInteger("accountFailureWindow", DEFAULT_ACCOUNT_FAILURE_WINDOW);
    accountDelay = json.getInteger("accountDelay", DEFAULT_ACCOUNT_DELAY);
    maxAccountDelay = json.getInteger("maxAccountDelay", DEFAULT_MAX_ACCOUNT_DELAY);
    workerPoolSize = json.getInteger("workerPoolSize", DEFAULT_WORKER_POOL_SIZE);
    oidc = json.getJsonObject("oidc") == null ? null : new OidcOptions(json.getJsonObject("oidc"));
  }

  public JsonObject toJson() {
    JsonArray keyArray = new JsonArray();
    keys.forEach(k -> keyArray.add(k.toJson()));
    JsonObject json = new JsonObject();
    JwtKeyOptions.putIfSet(json, "usersFile", usersFile);
    json.put("tokenTtl", tokenTtl).put("maxSessionAge", maxSessionAge).put("issuer", issuer)
        .put("audience", audience).put("keys", keyArray);
    JwtKeyOptions.putIfSet(json, "signingKey", signingKey);
    json.put("dev", dev).put("registration", registration).put("passwordMinLength", passwordMinLength)
        .put("passwordIterations", passwordIterations).put("defaultRoles", new JsonArray(new ArrayList<>(defaultRoles)))
        .put("maxFailures", maxFailures).put("failureWindow", failureWindow)
        .put("maxAddressFailures", maxAddressFailures).put("accountDelayAfter", accountDelayAfter)
        .put("accountFailureWindow", accountFailureWindow).put("accountDelay", accountDelay)
        .put("maxAccountDelay", maxAccountDelay).put("workerPoolSize", workerPoolSize);
    JwtKeyOptions.putIfSet(json, "oidc", oidc == null ? null : oidc.toJson());
    return json;
  }

  public String getUsersFile() {
    return usersFile;
  }

  public AuthOptions setUsersFile(String usersFile) {
    this.usersFile = usersFile;
    return this;
  }

  public int getTokenTtl() {
    return tokenTtl;
  }

  public AuthOptions setTokenTtl(int tokenTtl) {
    this.tokenTtl = tokenTtl;
    return this;
  }

  public int getMaxSessionAge() {
    return maxSessionAge;
  }

  public AuthOptions setMaxSessionAge(int maxSessionAge) {
    this.maxSessionAge = maxSessionAge;
    return this;
  }

  public String getIssuer() {
    return issuer;
  }

  public AuthOptions setIssuer(String issuer) {
    this.issuer = issuer;
    return this;
  }

  public String getAudience() {
    return audience;
  }

  public AuthOptions setAudience(String audience) {
    this.audience = audience;
    return this;
  }

  public List<JwtKeyOptions> getKeys() {
    return keys;
  }

  public AuthOptions setKeys(List<JwtKeyOptions> keys) {
    this.keys = keys;
    return this;
  }

  public String getSigningKey() {
    return signingKey;
  }

  public AuthOptions setSigningKey(String signingKey) {
    this.signingKey = signingKey;
    return this;
  }

  public boolean isDev() {
    return dev;
  }

  public AuthOptions setDev(boolean dev) {
    this.dev = dev;
    return this;
  }

  public boolean isRegistration() {
    return registration;
  }

  public AuthOptions setRegistration(boolean registration) {
    this.registration = registration;
    return this;
  }

  public int getPasswordMinLength() {
    return passwordMinLength;
  }

  public AuthOptions setPasswordMinLength(int passwordMinLength) {
    this.passwordMinLength = passwordMinLength;
    return this;
  }

  public int getPasswordIterations() {
    return passwordIterations;
  }

  public AuthOptions setPasswordIterations(int passwordIterations) {
    this.passwordIterations = passwordIterations;
    return this;
  }

  public List<String> getDefaultRoles() {
    return defaultRoles;
  }

  public AuthOptions setDefaultRoles(List<String> defaultRoles) {
    this.defaultRoles = defaultRoles;
    return this;
  }

  public int getMaxFailures() {
    return maxFailures;
  }

  public AuthOptions setMaxFailures(int maxFailures) {
    this.maxFailures = maxFailures;
    return this;
  }

  public int getFailureWindow() {
    return failureWindow;
  }

  public AuthOptions setFailureWindow(int failureWindow) {
    this.failureWindow = failureWindow;
    return this;
  }

  public int getMaxAddressFailures() {
    return maxAddressFailures;
  }

  public AuthOptions setMaxAddressFailures(int maxAddressFailures) {
    this.maxAddressFailures = maxAddressFailures;
    return this;
  }

  public int getAccountDelayAfter() {
    return accountDelayAfter;
  }

  public AuthOptions setAccountDelayAfter(int accountDelayAfter) {
    this.accountDelayAfter = accountDelayAfter;
    return this;
  }

  public int getAccountFailureWindow() {
    return accountFailureWindow;
  }

  public AuthOptions setAccountFailureWindow(int accountFailureWindow) {
    this.accountFailureWindow = accountFailureWindow;
    return this;
  }

  public int getAccountDelay() {
    return accountDelay;
  }

  public AuthOptions setAccountDelay(int accountDelay) {
    this.accountDelay = accountDelay;
    return this;
  }

  public int getMaxAccountDelay() {
    return maxAccountDelay;
  }

  public AuthOptions setMaxAccountDelay(int maxAccountDelay) {
    this.maxAccountDelay = maxAccountDelay;
    return this;
  }

  public int getWorkerPoolSize() {
    return workerPoolSize;
  }

  public AuthOptions setWorkerPoolSize(int workerPoolSize) {
    this.workerPoolSize = workerPoolSize;
    return this;
  }

  public OidcOptions getOidc() {
    return oidc;
  }

  public AuthOptions setOidc(OidcOptions oidc) {
    this.oidc = oidc;
    return this;
  }

  public AuthOptions addKey(JwtKeyOptions key) {
    keys.add(key);
    return this;
  }
}
