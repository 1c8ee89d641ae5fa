package io.squall.auth;

import io.squall.platform.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Deploys the auth verticle with test users and asks it things over the event bus. */
final class AuthTesting {

  /** Fast hashing for tests; the default (210,000) is what production gets. */
  static final int ITERATIONS = 20_000;
  static final String SECRET = "0123456789abcdef0123456789abcdef-test-only";

  private AuthTesting() {
  }

  /** A users file with alice/alice-secret (user) and root/root-secret-1 (user, admin). */
  static Path usersFile(Path dir) {
    Passwords passwords = new Passwords(ITERATIONS);
    String yaml = "users:\n"
        + "  - {username: alice, name: Alice, password: \"" + passwords.hash("alice-secret") + "\", roles: [user]}\n"
        + "  - {username: root, password: \"" + passwords.hash("root-secret-1") + "\", roles: [user, admin]}\n";
    return write(dir.resolve("users.yaml"), yaml);
  }

  static Path write(Path file, String content) {
    try {
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AuthOptions options(Path dir) {
    Path secret = write(dir.resolve("jwt-k1"), SECRET);
    return new AuthOptions().setUsersFile(usersFile(dir).toString()).setPasswordIterations(ITERATIONS)
        .addKey(new JwtKeyOptions().setKid("k1").setAlgorithm("HS256").setSecretFile(secret.toString()));
  }

  static String deploy(Vertx vertx, AuthOptions options) {
    return await(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(options.toJson())));
  }

  static JsonObject ask(Vertx vertx, String address, JsonObject body) {
    return await(vertx.eventBus().<JsonObject>request(address, body).map(m -> m.body()));
  }

  static ReplyException refused(Vertx vertx, String address, JsonObject body) {
    try {
      ask(vertx, address, body);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ReplyException re) {
        return re;
      }
      throw e;
    }
    throw new AssertionError(address + " succeeded but should have failed: " + body);
  }

  static JsonObject login(Vertx vertx, String username, String password, String ip) {
    return ask(vertx, Addresses.AUTH_LOGIN, credentials(username, password, ip));
  }

  static JsonObject credentials(String username, String password, String ip) {
    return new JsonObject().put("username", username).put("password", password).put("ip", ip);
  }

  static JsonObject token(String token) {
    return new JsonObject().put("token", token);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e.getCause() != null ? e.getCause() : e);
    }
  }
}
