package io.squall.bridge;

import io.squall.auth.AuthOptions;
import io.squall.auth.AuthVerticle;
import io.squall.auth.JwtKeyOptions;
import io.squall.auth.Passwords;
import io.squall.http.HttpOptions;
import io.squall.http.HttpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The real auth and http verticles, for tests of sockets whose login ends: one user, alice / alice-secret. */
final class LoginServices {

  private LoginServices() {
  }

  /** Deploys auth (tokens valid {@code tokenTtl} seconds) and http on {@code vertx}; returns the http port. */
  static int deploy(Vertx vertx, Path dir, int tokenTtl) {
    try {
      Path users = Files.writeString(dir.resolve("users.yaml"), "users:\n  - {username: alice, password: \""
          + new Passwords(10_000).hash("alice-secret") + "\", roles: [user]}\n");
      Path key = Files.writeString(dir.resolve("jwt"), "0123456789abcdef0123456789abcdef-for-tests");
      AuthOptions auth = new AuthOptions().setUsersFile(users.toString()).setPasswordIterations(10_000)
          .setTokenTtl(tokenTtl).addKey(new JwtKeyOptions().setKid("k1").setSecretFile(key.toString()));
      Bridges.await(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(auth.toJson())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpVerticle http = new HttpVerticle();
    // no XSRF: these tests are about what a logout does to sockets, not about how forms are protected
    Bridges.await(vertx.deployVerticle(http, new DeploymentOptions().setConfig(new HttpOptions().setHost("127.0.0.1")
        .setPort(0).setXsrf(false).setCookieSecrets(Map.of("1", "test-only-cookie-secret-0123456789abcdef")).toJson())));
    return http.actualPort();
  }
}
