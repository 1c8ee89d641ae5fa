package io.squall.auth;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One JWT key: {@code kid}, algorithm, and where its material comes from (files or an environment variable, never
 * the descriptor). HS* keys need a secret; RS, PS and ES keys a PEM public key to verify and a PEM private key to sign.
 */
public class JwtKeyOptions {

  public static final String DEFAULT_ALGORITHM = "HS256";
  /** HMAC (HS), RSA (RS), RSA-PSS (PS) and ECDSA (ES) with SHA-256/384/512: what vertx-auth-jwt signs with. */
  public static final List<String> ALGORITHMS = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
      "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
  /** What a POSIX shell accepts as a variable name: a secret pasted here by mistake fails it (and is not shown). */
  static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]*";
  static final String ENV_NAME_WORDS = "an environment variable name (letters, digits and '_')";

  /** The keys of each entry of the auth verticle's {@code keys}. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.string("kid", null, "Key id: the JWT header's kid, and what signingKey names").required()
          .pattern(".*\\S.*", "a key id (not blank)"),
      ConfigKey.oneOf("algorithm", DEFAULT_ALGORITHM, ALGORITHMS, "JWS algorithm: HS* take a secret (secretFile or"
          + " secretEnv), RS*, PS* and ES* a PEM key pair (publicKeyFile, and privateKeyFile to sign)"),
      ConfigKey.string("secretFile", null, "HS* keys: file holding the secret (at least " + JwtKeys.MIN_SECRET_BYTES
          + " bytes; surrounding white space is ignored).").file(),
      ConfigKey.string("secretEnv", null, "HS* keys: environment variable holding the secret, instead of secretFile.")
          .pattern(ENV_NAME, ENV_NAME_WORDS).secret(),
      ConfigKey.string("publicKeyFile", null, "RS/PS/ES keys: PEM public key (X.509 SubjectPublicKeyInfo) that"
          + " verifies.").file(),
      ConfigKey.string("privateKeyFile", null, "RS/PS/ES keys: PEM private key (PKCS#8) that signs; needed by the"
          + " signing key only.").file())
      .rule((key, problems) -> {
        boolean hmac = key.getString("algorithm", DEFAULT_ALGORITHM).startsWith("HS");
        boolean file = set(key, "secretFile");
        boolean env = set(key, "secretEnv");
        if (hmac && file == env) {
          problems.add(file ? "secretEnv" : "", file ? "set secretFile or secretEnv, not both"
              : "an " + key.getString("algorithm", DEFAULT_ALGORITHM) + " key needs secretFile or secretEnv");
        }
        if (hmac) {
          for (String pem : List.of("publicKeyFile", "privateKeyFile")) {
            if (set(key, pem)) {
              problems.add(pem, "is for RS, PS and ES keys; an HS key takes secretFile or secretEnv");
            }
          }
        } else {
          if (!set(key, "publicKeyFile")) {
            problems.add("", "an " + key.getString("algorithm") + " key needs publicKeyFile (PEM)");
          }
          for (String secret : List.of("secretFile", "secretEnv")) {
            if (set(key, secret)) {
              problems.add(secret, "is for HS keys; an " + key.getString("algorithm")
                  + " key takes publicKeyFile and privateKeyFile");
            }
          }
        }
      });

  private String kid;
  private String algorithm = DEFAULT_ALGORITHM;
  private String secretFile;
  private String secretEnv;
  private String publicKeyFile;
  private String privateKeyFile;

  public JwtKeyOptions() {
  }

  public JwtKeyOptions(JwtKeyOptions other) {
    this(other.toJson());
  }

  public JwtKeyOptions(JsonObject json) {
    json = KEYS.normalize(json);
    kid = json.getString("kid");
    algorithm = json.getString("algorithm", DEFAULT_ALGORITHM);
    secretFile = json.getString("secretFile");
    secretEnv = json.getString("secretEnv");
    publicKeyFile = json.getString("publicKeyFile");
    privateKeyFile = json.getString("privateKeyFile");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kid", kid).put("algorithm", algorithm);
    putIfSet(json, "secretFile", secretFile);
    putIfSet(json, "secretEnv", secretEnv);
    putIfSet(json, "publicKeyFile", publicKeyFile);
    putIfSet(json, "privateKeyFile", privateKeyFile);
    return json;
  }

  /** Whether a config has {@code key} with a value (a Java-built config carries unset keys as null). */
  static boolean set(JsonObject json, String key) {
    return json.getValue(key) != null;
  }

  static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  boolean isSymmetric() {
    return algorithm != null && algorithm.startsWith("HS");
  }

  public String getKid() {
    return kid;
  }

  public JwtKeyOptions setKid(String kid) {
    this.kid = kid;
    return this;
  }

  public String getAlgorithm() {
    return algorithm;
  }

  public JwtKeyOptions setAlgorithm(String algorithm) {
    this.algorithm = algorithm;
    return this;
  }

  public String getSecretFile() {
    return secretFile;
  }

  public JwtKeyOptions setSecretFile(String secretFile) {
    this.secretFile = secretFile;
    return this;
  }

  public String getSecretEnv() {
    return secretEnv;
  }

  public JwtKeyOptions setSecretEnv(String secretEnv) {
    this.secretEnv = secretEnv;
    return this;
  }

  public String getPublicKeyFile() {
    return publicKeyFile;
  }

  public JwtKeyOptions setPublicKeyFile(String publicKeyFile) {
    this.publicKeyFile = publicKeyFile;
    return this;
  }

  public String getPrivateKeyFile() {
    return privateKeyFile;
  }

  public JwtKeyOptions setPrivateKeyFile(String privateKeyFile) {
    this.privateKeyFile = privateKeyFile;
    return this;
  }
}
