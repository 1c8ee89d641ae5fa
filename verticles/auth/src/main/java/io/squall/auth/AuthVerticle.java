package io.squall.auth;

import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.squall.platform.ConfigKeys;
import io.squall.platform.Failures;
import io.squall.platform.NodeMetrics;
import io.squall.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tornado's {@code @authenticated} and OAuth mixins as a cluster service that every node trusts: answers
 * {@code squall.auth.login}, {@code .verify}, {@code .logout}, {@code .refresh}, {@code .register} and
 * {@code .oidc.start} / {@code .oidc.callback} (contracts: docs/ARCHITECTURE.md; keys: README.md).
 *
 * <p>Users, revocations, login throttling and OIDC flows live in Hazelcast (see {@link ClusterStore}), so any
 * instance on any node gives the same answer. Password hashing runs on a worker pool; token verification is local
 * (signature and the node's replica of the revocation list), since the bridge verifies on every connection.
 */
public class AuthVerticle extends VerticleBase {

  /** Every config key, checked by {@code squall check} and {@code squall run} before anything is deployed. */
  public static final ConfigKeys CONFIG = AuthOptions.KEYS;

  private static final Logger log = LoggerFactory.getLogger(AuthVerticle.class);
  private static final String POOL = "squall-auth";
  private static final int MAX_USERNAME = 64;

  private AuthOptions options;
  private Passwords passwords;
  private UserStore users;
  private Tokens tokens;
  private Throttle throttle;
  private OidcLogin oidc;
  private AuthMetrics metrics;
  private WorkerExecutor workers;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  @Override
  public Future<?> start() {
    try {
      options = new AuthOptions(CONFIG.validate("auth", config()));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    metrics = new AuthMetrics(NodeMetrics.registry(vertx));
    workers = vertx.createSharedWorkerExecutor(POOL, options.getWorkerPoolSize());
    Map<String, String> env = System.getenv();
    Future<String> devSecret = JwtKeys.devSecret(vertx, options);
    return devSecret.compose(v -> ClusterStore.instance(vertx)).compose(hz -> workers.executeBlocking(() -> {
      // blocking: key files, the users file, the decoy hash, Hazelcast proxies
      passwords = new Passwords(options.getPasswordIterations());
      tokens = new Tokens(vertx, options, JwtKeys.load(options, env, devSecret.result()),
          hz.getReplicatedMap(Tokens.REVOKED_MAP), hz.getMap(Tokens.REFRESHED_MAP));
      users = new UserStore(hz.getMap(UserStore.MAP));
      throttle = new Throttle(vertx, hz.getMap(Throttle.MAP), options, metrics);
      if (options.getOidc() != null) {
        oidc = new OidcLogin(vertx, options.getOidc(), clientSecret(options.getOidc(), env), hz.getMap(OidcLogin.PENDING_MAP));
      }
      return options.getUsersFile() == null ? List.<JsonObject>of() : readUsers(options.getUsersFile());
    }, false)).compose(seeds -> users.seed(context, seeds).map(seeds.size())).compose(seeded -> {
      consume(Addresses.AUTH_LOGIN, msg -> login(msg.body()));
      consume(Addresses.AUTH_VERIFY, msg -> verify(msg.body()));
      consume(Addresses.AUTH_LOGOUT, msg -> logout(msg.body()));
      consume(Addresses.AUTH_REFRESH, msg -> refresh(msg.body()));
      consume(Addresses.AUTH_REGISTER, msg -> register(msg.body()));
      consume(Addresses.AUTH_OIDC_START, msg -> oidcStart(msg.body()));
      consume(Addresses.AUTH_OIDC_CALLBACK, msg -> oidcCallback(msg.body()));
      if (oidc != null) {
        oidc.provider();
      }
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).onSuccess(v ->
          log.info("auth: answering squall.auth.* ({} users from {}, registration {}, OpenID Connect {})", seeded,
              options.getUsersFile() == null ? "no users file" : options.getUsersFile(),
              options.isRegistration() ? "open" : "closed", oidc == null ? "off" : options.getOidc().getSite()));
    });
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
        .eventually(() -> workers == null ? Future.succeededFuture() : workers.close());
  }

  private void consume(String address, java.util.function.Function<Message<JsonObject>, Future<JsonObject>> handler) {
    consumers.add(Replies.consumer(vertx, address, handler, log));
  }

  private Future<JsonObject> login(JsonObject body) {
    String username = body.getValue("username") instanceof String s ? s : null;
    String password = body.getValue("password") instanceof String s ? s : null;
    String ip = body.getValue("ip") instanceof String s && !s.isEmpty() ? s : null;
    if (username == null || password == null || username.isEmpty() || username.length() > MAX_USERNAME
        || password.length() > Passwords.MAX_LENGTH) {
      metrics.login("invalid");
      return Future.failedFuture(Failures.badRequest("username and password are required (at most " + MAX_USERNAME
          + " and " + Passwords.MAX_LENGTH + " characters)"));
    }
    return throttle.admit(context, username, ip)
        .compose(admitted -> users.find(context, username.toLowerCase(java.util.Locale.ROOT)))
        .compose(user -> workers.executeBlocking(() ->
            passwords.verify(user == null ? null : user.getString("password"), password) ? user : null, false))
        .compose(user -> {
          if (user == null) {
            metrics.login("failure");
            return throttle.failed(context, username, ip).transform(counted ->
                Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED, "invalid username or password")));
          }
          metrics.login("success");
          return throttle.succeeded(context, username, ip).otherwiseEmpty().map(v -> issued(user, now()));
        });
  }

  private Future<JsonObject> verify(JsonObject body) {
    return tokens.verify(body.getString("token")).map(claims -> {
      metrics.verification("valid");
      // jti and exp: what a holder of a verified token (a bridge socket) needs to end it at revocation and expiry
      return new JsonObject().put("user", Tokens.user(claims)).put("jti", claims.getString("jti"))
          .put("exp", claims.getLong("exp"));
    }).onFailure(e -> metrics.verification(e.getMessage().contains("revoked") ? "revoked"
        : e.getMessage().contains("expired") ? "expired" : "invalid"));
  }

  private Future<JsonObject> logout(JsonObject body) {
    return tokens.decode(body.getString("token"))
        .compose(this::revoke)
        .map(new JsonObject())
        // an expired token is as good as revoked
        .recover(e -> e.getMessage() != null && e.getMessage().contains("expired")
            ? Future.succeededFuture(new JsonObject()) : Future.failedFuture(e));
  }

  /**
   * A fresh token for an unexpired one; with {@code session: true} (the http verticle renewing a session's own token
   * for its page), for an expired one too, within {@code maxSessionAge} of the login. Only the http verticle sends
   * that: its session cookie is the credential there. Never permit squall.auth.* to browsers through the bridge.
   */
  private Future<JsonObject> refresh(JsonObject body) {
    String token = body.getString("token");
    Future<JsonObject> verified = Boolean.TRUE.equals(body.getValue("session"))
        ? tokens.verifySessionToken(token) : tokens.verify(token);
    return verified.compose(claims -> {
      if (!tokens.refreshable(claims)) {
        return Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED, "the session is too old; log in again"));
      }
      return tokens.claimForRefresh(context, claims).compose(first -> {
        if (!first) {
          // another refresh of this token won (its revocation may not have reached this node's copy yet)
          return Future.failedFuture(Failures.of(Failures.UNAUTHENTICATED, "the token was revoked"));
        }
        JsonObject reply = issued(Tokens.user(claims), claims.getLong("auth_time"));
        return revoke(claims).map(reply);
      });
    });
  }

  /**
   * Revokes the token on every node, then says so on {@value Addresses#AUTH_REVOKED}: the revocation list stops the
   * token at its next check, the event ends what it already opened (bridge sockets, on every node).
   */
  private Future<Void> revoke(JsonObject claims) {
    return workers.<Void>executeBlocking(() -> {
      tokens.revoke(claims);
      return null;
    }, false).onSuccess(v -> vertx.eventBus().publish(Addresses.AUTH_REVOKED,
        new JsonObject().put("jti", claims.getString("jti"))));
  }

  private Future<JsonObject> register(JsonObject body) {
    if (!options.isRegistration()) {
      return Future.failedFuture(Failures.of(Failures.FORBIDDEN, "registration is closed"));
    }
    String username = body.getValue("username") instanceof String s ? s.toLowerCase(java.util.Locale.ROOT) : "";
    String password = body.getValue("password") instanceof String s ? s : null;
    if (!username.matches(UsersFile.USERNAME_PATTERN)) {
      return Future.failedFuture(Failures.badRequest("the user name must be 1 to 64 of a-z 0-9 _ . @ - "
          + "(starting with a letter or digit)"));
    }
    String problem = Passwords.problem(username, password, options.getPasswordMinLength());
    if (problem != null) {
      return Future.failedFuture(Failures.badRequest(problem));
    }
    String name = body.getValue("name") instanceof String s && !s.isBlank() && s.length() <= 100 ? s.strip() : username;
    return workers.executeBlocking(() -> passwords.hash(password), false).compose(hash -> {
      JsonObject user = new JsonObject().put("id", username).put("name", name)
          .put("roles", new io.vertx.core.json.JsonArray(new ArrayList<>(options.getDefaultRoles()))).put("password", hash);
      return users.add(context, user).compose(added -> added ? Future.succeededFuture(issued(user, now()))
          : Future.failedFuture(Failures.of(Failures.CONFLICT, "that user name is taken")));
    });
  }

  private Future<JsonObject> oidcStart(JsonObject body) {
    if (oidc == null) {
      return Future.failedFuture(Failures.notFound("OpenID Connect login is not configured"));
    }
    return oidc.start(context, body.getString("next", "/"));
  }

  private Future<JsonObject> oidcCallback(JsonObject body) {
    if (oidc == null) {
      return Future.failedFuture(Failures.notFound("OpenID Connect login is not configured"));
    }
    if (!(body.getValue("code") instanceof String code) || !(body.getValue("state") instanceof String state)) {
      return Future.failedFuture(Failures.badRequest("code and state are required"));
    }
    return oidc.callback(context, code, state).map(done -> {
      metrics.login("success");
      return issued(done.getJsonObject("user"), now()).put("next", done.getString("next"));
    });
  }

  private JsonObject issued(JsonObject user, long authTime) {
    JsonObject view = UserStore.publicView(user);
    return new JsonObject().put("token", tokens.issue(view, authTime)).put("user", view);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A file, or {@code classpath:NAME} (an app's demo users packaged with it). */
  private static List<JsonObject> readUsers(String file) {
    try {
      if (file.startsWith("classpath:")) {
        try (java.io.InputStream in = AuthVerticle.class.getClassLoader().getResourceAsStream(file.substring(10))) {
          if (in == null) {
            throw new IllegalStateException("auth usersFile " + file + ": no such resource");
          }
          return UsersFile.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return UsersFile.parse(file, Files.readString(Path.of(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("auth usersFile " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String clientSecret(OidcOptions oidc, Map<String, String> env) {
    if (oidc.getClientSecretFile() != null) {
      try {
        return Files.readString(Path.of(oidc.getClientSecretFile()), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("auth oidc.clientSecretFile " + oidc.getClientSecretFile() + ": cannot read it");
      }
    }
    String secret = oidc.getClientSecretEnv() == null ? null : env.get(oidc.getClientSecretEnv());
    if (oidc.getClientSecretEnv() != null && secret == null) {
      throw new IllegalStateException("auth oidc.clientSecretEnv: the environment variable it names is not set");
    }
    return secret;
  }
}
