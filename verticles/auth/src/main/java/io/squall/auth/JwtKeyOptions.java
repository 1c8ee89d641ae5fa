package io.squall.auth;

import io.vertx.core.json.JsonObject;

/**
 * One JWT key: {@code kid}, algorithm, and where its material comes from (files or an environment variable, never
 * the descriptor). HS* keys need a secret; RS, PS and ES keys a PEM public key to verify and a PEM private key to sign.
 */
public class JwtKeyOptions {

  public static final String DEFAULT_ALGORITHM = "HS256";

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
