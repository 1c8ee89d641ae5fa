package io.squall.auth;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenID Connect login with one provider: discovery at {@code site}/.well-known/openid-configuration, the
 * authorization-code flow with PKCE (S256) and state, and the claims that become Squall's user.
 */
public class OidcOptions {

  public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");
  public static final String DEFAULT_USERNAME_CLAIM = "preferred_username";
  public static final String DEFAULT_NAME_CLAIM = "name";
  public static final String DEFAULT_ROLES_CLAIM = "roles";
  public static final List<String> DEFAULT_ROLES = List.of("user");
  /** Seconds between {@code start} and {@code callback}. */
  public static final int DEFAULT_LOGIN_TIMEOUT = 600;

  private static final String URL = "https?://\\S+";
  private static final String URL_WORDS = "an http(s) URL";

  /** The keys of the auth verticle's {@code oidc}. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.string("site", null, "The provider's issuer URL; discovery reads site + /.well-known/openid-configuration")
          .required().pattern(URL, URL_WORDS),
      ConfigKey.string("clientId", null, "The client id registered at the provider").required()
          .pattern(".*\\S.*", "a client id (not blank)"),
      ConfigKey.string("clientSecretFile", null, "File holding the client secret (surrounding white space is ignored);"
          + " none for a public client.").file(),
      ConfigKey.string("clientSecretEnv", null, "Environment variable holding the client secret, instead of"
          + " clientSecretFile.").pattern(JwtKeyOptions.ENV_NAME, JwtKeyOptions.ENV_NAME_WORDS).secret(),
      ConfigKey.string("redirectUri", null, "The http verticle's oidcLogin path + /callback, as registered at the"
          + " provider").required().pattern(URL, URL_WORDS),
      ConfigKey.strings("scopes", DEFAULT_SCOPES, "Scopes asked for"),
      ConfigKey.string("usernameClaim", DEFAULT_USERNAME_CLAIM, "ID token claim that becomes the user's name when"
          + " nameClaim is absent; the user's id is oidc: + the sub claim, so no provider account can pose as a local user"),
      ConfigKey.string("nameClaim", DEFAULT_NAME_CLAIM, "ID token claim that becomes the user's display name"),
      ConfigKey.string("rolesClaim", DEFAULT_ROLES_CLAIM, "ID token claim (a list) whose entries become extra roles"),
      ConfigKey.strings("defaultRoles", DEFAULT_ROLES, "Roles every OpenID Connect user gets"),
      ConfigKey.duration("loginTimeout", Duration.ofSeconds(DEFAULT_LOGIN_TIMEOUT), TimeUnit.SECONDS,
          "Longest time from start to callback (the provider's login page)").range(1, Integer.MAX_VALUE))
      .rule((oidc, problems) -> {
        if (JwtKeyOptions.set(oidc, "clientSecretFile") && JwtKeyOptions.set(oidc, "clientSecretEnv")) {
          problems.add("clientSecretEnv", "set clientSecretFile or clientSecretEnv, not both");
        }
      });

  private String site;
  private String clientId;
  private String clientSecretFile;
  private String clientSecretEnv;
  private String redirectUri;
  private List<String> scopes = new ArrayList<>(DEFAULT_SCOPES);
  private String usernameClaim = DEFAULT_USERNAME_CLAIM;
  private String nameClaim = DEFAULT_NAME_CLAIM;
  private String rolesClaim = DEFAULT_ROLES_CLAIM;
  private List<String> defaultRoles = new ArrayList<>(DEFAULT_ROLES);
  private int loginTimeout = DEFAULT_LOGIN_TIMEOUT;

  public OidcOptions() {
  }

  public OidcOptions(OidcOptions other) {
    this(other.toJson());
  }

  public OidcOptions(JsonObject json) {
    json = KEYS.normalize(json);
    site = json.getString("site");
    clientId = json.getString("clientId");
    clientSecretFile = json.getString("clientSecretFile");
    clientSecretEnv = json.getString("clientSecretEnv");
    redirectUri = json.getString("redirectUri");
    scopes = strings(json.getJsonArray("scopes"), DEFAULT_SCOPES);
    usernameClaim = json.getString("usernameClaim", DEFAULT_USERNAME_CLAIM);
    nameClaim = json.getString("nameClaim", DEFAULT_NAME_CLAIM);
    rolesClaim = json.getString("rolesClaim", DEFAULT_ROLES_CLAIM);
    defaultRoles = strings(json.getJsonArray("defaultRoles"), DEFAULT_ROLES);
    loginTimeout = json.getInteger("loginTimeout", DEFAULT_LOGIN_TIMEOUT);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    JwtKeyOptions.putIfSet(json, "site", site);
    JwtKeyOptions.putIfSet(json, "clientId", clientId);
    JwtKeyOptions.putIfSet(json, "clientSecretFile", clientSecretFile);
    JwtKeyOptions.putIfSet(json, "clientSecretEnv", clientSecretEnv);
    JwtKeyOptions.putIfSet(json, "redirectUri", redirectUri);
    return json.put("scopes", new JsonArray(new ArrayList<>(scopes))).put("usernameClaim", usernameClaim)
        .put("nameClaim", nameClaim).put("rolesClaim", rolesClaim)
        .put("defaultRoles", new JsonArray(new ArrayList<>(defaultRoles))).put("loginTimeout", loginTimeout);
  }

  static List<String> strings(JsonArray array, List<String> defaults) {
    List<String> list = new ArrayList<>();
    if (array == null) {
      list.addAll(defaults);
    } else {
      array.forEach(v -> list.add(String.valueOf(v)));
    }
    return list;
  }

  public String getSite() {
    return site;
  }

  public OidcOptions setSite(String site) {
    this.site = site;
    return this;
  }

  public String getClientId() {
    return clientId;
  }

  public OidcOptions setClientId(String clientId) {
    this.clientId = clientId;
    return this;
  }

  public String getClientSecretFile() {
    return clientSecretFile;
  }

  public OidcOptions setClientSecretFile(String clientSecretFile) {
    this.clientSecretFile = clientSecretFile;
    return this;
  }

  public String getClientSecretEnv() {
    return clientSecretEnv;
  }

  public OidcOptions setClientSecretEnv(String clientSecretEnv) {
    this.clientSecretEnv = clientSecretEnv;
    return this;
  }

  public String getRedirectUri() {
    return redirectUri;
  }

  public OidcOptions setRedirectUri(String redirectUri) {
    this.redirectUri = redirectUri;
    return this;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public OidcOptions setScopes(List<String> scopes) {
    this.scopes = scopes;
    return this;
  }

  public String getUsernameClaim() {
    return usernameClaim;
  }

  public OidcOptions setUsernameClaim(String usernameClaim) {
    this.usernameClaim = usernameClaim;
    return this;
  }

  public String getNameClaim() {
    return nameClaim;
  }

  public OidcOptions setNameClaim(String nameClaim) {
    this.nameClaim = nameClaim;
    return this;
  }

  public String getRolesClaim() {
    return rolesClaim;
  }

  public OidcOptions setRolesClaim(String rolesClaim) {
    this.rolesClaim = rolesClaim;
    return this;
  }

  public List<String> getDefaultRoles() {
    return defaultRoles;
  }

  public OidcOptions setDefaultRoles(List<String> defaultRoles) {
    this.defaultRoles = defaultRoles;
    return this;
  }

  public int getLoginTimeout() {
    return loginTimeout;
  }

  public OidcOptions setLoginTimeout(int loginTimeout) {
    this.loginTimeout = loginTimeout;
    return this;
  }
}
