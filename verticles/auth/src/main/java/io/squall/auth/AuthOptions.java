package io.squall.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The auth verticle's {@code config()}. Every key, its default and an example: verticles/auth/README.md. */
public class AuthOptions {

  public static final int DEFAULT_TOKEN_TTL = 3600;
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
    usersFile = json.getString("usersFile");
    tokenTtl = json.getInteger("tokenTtl", DEFAULT_TOKEN_TTL);
    maxSessionAge = json.getInteger("maxSessionAge", DEFAULT_MAX_SESSION_AGE);
    issuer = json.getString("issuer", DEFAULT_ISSUER);
    audience = json.getString("audience", DEFAULT_AUDIENCE);
    JsonArray keyArray = json.getJsonArray("keys", new JsonArray());
    keys = new ArrayList<>();
    for (int i = 0; i < keyArray.size(); i++) {
      if (!(keyArray.getValue(i) instanceof JsonObject key)) {
        throw new IllegalArgumentException("auth: keys[" + i + "] must be an object {kid, algorithm, ...}");
      }
      keys.add(new JwtKeyOptions(key));
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

  /** @throws IllegalArgumentException naming the first bad key */
  void validate() {
    require(tokenTtl >= 1, "tokenTtl must be at least 1 second");
    require(maxSessionAge >= tokenTtl, "maxSessionAge must be at least tokenTtl");
    require(passwordMinLength >= 1, "passwordMinLength must be at least 1");
    require(passwordIterations >= 1000, "passwordIterations must be at least 1000");
    require(maxFailures >= 1, "maxFailures must be at least 1");
    require(failureWindow >= 1, "failureWindow must be at least 1 second");
    require(maxAddressFailures >= 1, "maxAddressFailures must be at least 1");
    require(accountDelayAfter >= 1, "accountDelayAfter must be at least 1");
    require(accountFailureWindow >= 1, "accountFailureWindow must be at least 1 second");
    require(accountDelay >= 1, "accountDelay must be at least 1 ms");
    require(maxAccountDelay >= accountDelay, "maxAccountDelay must be at least accountDelay");
    require(workerPoolSize >= 1, "workerPoolSize must be at least 1");
    for (int i = 0; i < keys.size(); i++) {
      JwtKeyOptions key = keys.get(i);
      String where = "keys[" + i + "] ";
      require(key.getKid() != null && !key.getKid().isBlank(), where + "needs a kid");
      require(key.getAlgorithm() != null && key.getAlgorithm().matches("(HS|RS|PS|ES)(256|384|512)"),
          where + "algorithm must be one of HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512");
      if (key.isSymmetric()) {
        require(key.getSecretFile() != null ^ key.getSecretEnv() != null, where + "needs secretFile or secretEnv (one)");
      } else {
        require(key.getPublicKeyFile() != null, where + "needs publicKeyFile (PEM)");
      }
    }
    if (signingKey != null) {
      require(keys.stream().anyMatch(k -> signingKey.equals(k.getKid())), "signingKey names no key of keys");
    }
    if (oidc != null) {
      require(oidc.getSite() != null, "oidc.site (the issuer URL, before /.well-known) is required");
      require(oidc.getClientId() != null, "oidc.clientId is required");
      require(oidc.getRedirectUri() != null, "oidc.redirectUri (the http verticle's /login/oidc/callback) is required");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("auth: " + message);
    }
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
