package io.squall.auth;

import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key material for the JWTs, read at start from files or the environment. Messages name keys, files and
 * variables, never the material. With no key configured, only dev mode makes a throwaway HS256 key.
 */
final class JwtKeys {

  /** An HS256 secret shorter than the hash is guessable offline from any token. */
  static final int MIN_SECRET_BYTES = 32;

  private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);

  /** The key that signs, and every key that verifies (the signing one first; older ones for rotation). */
  record Loaded(String signingKid, String signingAlgorithm, List<PubSecKeyOptions> signing,
                List<PubSecKeyOptions> verifying) {
  }

  private JwtKeys() {
  }

  /** Blocking (reads files): call on a worker. */
  static Loaded load(Vertx vertx, AuthOptions options, Map<String, String> env) {
    List<JwtKeyOptions> keys = options.getKeys();
    if (keys.isEmpty()) {
      if (!options.isDev()) {
        throw new IllegalStateException("auth: no JWT key configured. Add keys: [{kid: k1, algorithm: HS256, "
            + "secretFile: /run/secrets/squall-jwt}] (a file of at least " + MIN_SECRET_BYTES + " random bytes), "
            + "or secretEnv: SQUALL_JWT_SECRET; only dev mode (dev: true) generates a throwaway key");
      }
      String secret = vertx.sharedData().<String, String>getLocalMap("squall.auth").computeIfAbsent("devKey", k -> {
        log.warn("auth: dev mode and no JWT key configured: generated a throwaway HS256 key; tokens will not "
            + "survive a restart nor be accepted by other nodes");
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
      });
      PubSecKeyOptions dev = new PubSecKeyOptions().setId("dev").setAlgorithm("HS256").setBuffer(secret);
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
          throw new IllegalStateException(where + ": environment variable " + key.getSecretEnv() + " is not set");
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
          if (key.getPrivateKeyFile() == null) {
            throw new IllegalStateException(where + " signs tokens (signingKey) but has no privateKeyFile");
          }
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
