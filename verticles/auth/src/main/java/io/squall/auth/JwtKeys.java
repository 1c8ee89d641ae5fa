package io.squall.auth;

import io.squall.platform.DevSecrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Key material for the JWTs, read at start from files or the environment. Messages name keys, files and
 * variables, never the material. With no key configured, only dev mode has one: an HS256 key generated once for
 * the whole cluster, or per process on a standalone node (a key per process would make every node of a cluster
 * refuse the others' tokens).
 */
final class JwtKeys {

  /** An HS256 secret shorter than the hash is guessable offline from any token. */
  static final int MIN_SECRET_BYTES = 32;

  /** The key that signs, and every key that verifies (the signing one first; older ones for rotation). */
  record Loaded(String signingKid, String signingAlgorithm, List<PubSecKeyOptions> signing,
                List<PubSecKeyOptions> verifying) {
  }

  private JwtKeys() {
  }

  /**
   * With no key configured: in dev mode the cluster's development key ({@link DevSecrets}), otherwise the refusal
   * that says what to set. Null when keys are configured.
   */
  static Future<String> devSecret(Vertx vertx, AuthOptions options) {
    if (!options.getKeys().isEmpty()) {
      return Future.succeededFuture();
    }
    if (!options.isDev()) {
      return Future.failedFuture(new IllegalStateException("auth: no JWT key configured: set keys, e.g. "
          + "SQUALL_AUTH_KEYS='[{kid: k1, secretFile: /run/secrets/squall-jwt}]' (a file of at least "
          + MIN_SECRET_BYTES + " random bytes; or secretEnv instead of secretFile); every node of a cluster needs the "
          + "same keys. Only dev: true generates a development key"));
    }
    return DevSecrets.secret(vertx, "auth JWT key", MIN_SECRET_BYTES, "keys (SQUALL_AUTH_KEYS)");
  }

  /** Blocking (reads files): call on a worker. {@code devSecret} from {@link #devSecret} when no key is configured. */
  static Loaded load(AuthOptions options, Map<String, String> env, String devSecret) {
    List<JwtKeyOptions> keys = options.getKeys();
    if (keys.isEmpty()) {
      PubSecKeyOptions dev = new PubSecKeyOptions().setId("dev").setAlgorithm("HS256").setBuffer(devSecret);
      return new Loaded("dev", "HS256", List.of(dev), List.of(dev));
    }
    JwtKeyOptions signer = options.getSigningKey() == null ? keys.get(0)
        : keys.stream().filter(k -> k.getKid().equals(options.getSigningKey())).findFirst().orElseThrow();
    List<PubSecKeyOptions> signing = new ArrayList<>();
    List<PubSecKeyOptions> verifying = new ArrayList<>();
    for (JwtKeyOptions key : keys) {
      String where = "auth key '" + key.getKid() + "'";
      if (key.isSymmetric()) {
        String secret = key.getSecretFile() != null ? read(where, key.getSecretFile()).strip()
            : env.get(key.getSecretEnv());
        if (secret == null) {
          // the variable's name is not shown either: it is declared secret, as a secret pasted there must stay unseen
          throw new IllegalStateException(where + ": the environment variable that secretEnv names is not set");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
          throw new IllegalStateException(where + ": the secret is shorter than " + MIN_SECRET_BYTES + " bytes");
        }
        PubSecKeyOptions hmac = new PubSecKeyOptions().setId(key.getKid()).setAlgorithm(key.getAlgorithm())
            .setBuffer(secret);
        verifying.add(hmac);
        if (key == signer) {
          signing.add(hmac);
        }
      } else {
        verifying.add(pem(where, key, key.getPublicKeyFile(), "PUBLIC KEY"));
        if (key == signer) {
          // AuthOptions.KEYS made sure the signer has its privateKeyFile
          signing.add(pem(where, key, key.getPrivateKeyFile(), "PRIVATE KEY"));
        }
      }
    }
    return new Loaded(signer.getKid(), signer.getAlgorithm(), signing, verifying);
  }

  private static PubSecKeyOptions pem(String where, JwtKeyOptions key, String file, String kind) {
    String pem = read(where, file);
    if (!pem.contains("-----BEGIN " + kind + "-----")) {
      throw new IllegalStateException(where + ": " + file + " is not a PEM '" + kind + "' (PKCS#8 / X.509 SPKI; "
          + "convert with: openssl pkcs8 -topk8 -nocrypt)");
    }
    return new PubSecKeyOptions().setId(key.getKid()).setAlgorithm(key.getAlgorithm()).setBuffer(pem);
  }

  private static String read(String where, String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(where + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
