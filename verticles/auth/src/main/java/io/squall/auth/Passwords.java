package io.squall.auth;

import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Salted PBKDF2-HMAC-SHA512 through vertx-auth-common's {@link HashingStrategy}, stored in its PHC-style form
 * {@code $pbkdf2$it=<iterations>$<salt>$<hash>}. Every method here is CPU-bound for tens to hundreds of
 * milliseconds: call them on a worker, never on an event loop.
 */
public final class Passwords {

  /** The longest password hashed: PBKDF2 feeds it to HMAC on every iteration, so length is a CPU lever. */
  static final int MAX_LENGTH = 1024;

  private static final HashingStrategy STRATEGY = HashingStrategy.load();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  /** Verified when the user does not exist, so that an unknown name costs what a wrong password costs. */
  private final String decoy;

  public Passwords(int iterations) {
    this.iterations = iterations;
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    this.decoy = hash(Base64.getEncoder().encodeToString(random));
  }

  /** A new salted hash of {@code password}. */
  public String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    String encodedSalt = Base64.getEncoder().withoutPadding().encodeToString(salt);
    return STRATEGY.hash("pbkdf2", Map.of("it", Integer.toString(iterations)), encodedSalt, password);
  }

  /** Whether {@code password} matches {@code hash}; a null hash (no such user) costs the same and is false. */
  boolean verify(String hash, String password) {
    if (password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    boolean matches = STRATEGY.verify(hash != null ? hash : decoy, password);
    return hash != null && matches;
  }

  static boolean isHash(String value) {
    return value != null && value.startsWith("$pbkdf2$");
  }

  /** @return what is wrong with a new password, or null when it is acceptable */
  static String problem(String username, String password, int minLength) {
    if (password == null || password.length() < minLength) {
      return "the password must have at least " + minLength + " characters";
    }
    if (password.length() > MAX_LENGTH) {
      return "the password must have at most " + MAX_LENGTH + " characters";
    }
    if (password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
      return "the password must not contain the user name";
    }
    if (password.chars().distinct().count() < 4) {
      return "the password needs more different characters";
    }
    return null;
  }
}
