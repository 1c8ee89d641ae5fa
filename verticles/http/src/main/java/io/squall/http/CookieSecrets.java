package io.squall.http;

import io.squall.platform.DevSecrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the cookie secrets come from, at start: {@code cookieSecretFile} (one {@code version=secret} per line,
 * {@code #} comments), or {@code cookieSecrets} in the config, or, in dev mode only, a secret generated once for
 * the whole cluster ({@link DevSecrets}: one per process would make every edge refuse the others' cookies). Error
 * messages name versions and lines, never secrets.
 */
final class CookieSecrets {

  /** HMAC-SHA256 keys shorter than this are guessable; 32 random characters are easy to make. */
  static final int MIN_SECRET_LENGTH = 32;

  private CookieSecrets() {
  }

  /** The options were checked against {@link HttpOptions#KEYS} (one of the file and the map at most). */
  static Future<SignedCookies> load(Vertx vertx, HttpOptions options) {
    try {
      return secrets(vertx, options).map(secrets -> SignedCookies.create(secrets, options.getCookieMaxAge()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<Map<Integer, String>> secrets(Vertx vertx, HttpOptions options) {
    String file = options.getCookieSecretFile();
    boolean inline = !options.getCookieSecrets().isEmpty();
    if (file != null) {
      return vertx.fileSystem().readFile(file)
          .recover(e -> Future.failedFuture(new IllegalStateException(
              "http cookieSecretFile " + file + ": cannot read it: " + e.getMessage())))
          .map(content -> parseFile(file, content.toString(StandardCharsets.UTF_8)));
    }
    if (inline) {
      // checked with the config (HttpOptions.KEYS): versions are positive integers, secrets long enough
      Map<Integer, String> secrets = new LinkedHashMap<>();
      options.getCookieSecrets().forEach((version, secret) -> secrets.put(Integer.parseInt(version.strip()), secret));
      return Future.succeededFuture(secrets);
    }
    if (!options.isDev()) {
      throw new IllegalStateException("http: no cookie secret configured: set cookieSecretFile, e.g. "
          + "SQUALL_HTTP_COOKIE_SECRET_FILE=/run/secrets/squall-cookie (a file of 'version=secret' lines, each secret "
          + "at least " + MIN_SECRET_LENGTH + " random characters; or cookieSecrets); every node of a cluster needs "
          + "the same secrets. Only dev: true generates a development secret");
    }
    return DevSecrets.secret(vertx, "http cookie secret", MIN_SECRET_LENGTH,
        "cookieSecretFile (SQUALL_HTTP_COOKIE_SECRET_FILE)").map(secret -> Map.of(1, secret));
  }

  static Map<Integer, String> parseFile(String file, String content) {
    Map<Integer, String> secrets = new LinkedHashMap<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String where = "http cookieSecretFile " + file + " line " + (i + 1);
      if (eq <= 0) {
        throw new IllegalArgumentException(where + ": expected 'version=secret'");
      }
      put(secrets, where, line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("http cookieSecretFile " + file + ": no 'version=secret' line");
    }
    return secrets;
  }

  private static void put(Map<Integer, String> secrets, String where, String version, String secret) {
    String problem = problem(secrets, version, secret);
    if (problem != null) {
      throw new IllegalArgumentException(where + ": " + problem);
    }
  }

  /**
   * What is wrong with one {@code version=secret} (never quoting the secret), or null once it is added to
   * {@code secrets}: for the file's lines at start, and for {@code cookieSecrets} in the config check
   * ({@link HttpOptions#KEYS}).
   */
  static String problem(Map<Integer, String> secrets, String version, String secret) {
    int v;
    try {
      v = Integer.parseInt(version.strip());
    } catch (NumberFormatException e) {
      v = -1;
    }
    if (v <= 0) {
      return "the version must be a positive integer";
    }
    if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
      return "the secret of version " + v + " is shorter than " + MIN_SECRET_LENGTH + " characters";
    }
    if (secrets.put(v, secret) != null) {
      return "version " + v + " is given twice";
    }
    return null;
  }
}
