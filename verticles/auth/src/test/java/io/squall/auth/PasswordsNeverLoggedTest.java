package io.squall.auth;

import static io.squall.auth.AuthTesting.ask;
import static io.squall.auth.AuthTesting.await;
import static io.squall.auth.AuthTesting.credentials;
import static io.squall.auth.AuthTesting.login;
import static io.squall.auth.AuthTesting.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.squall.platform.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Every log line (at DEBUG, Vert.x and Hazelcast included) of logins, registrations and bad input: no password. */
class PasswordsNeverLoggedTest {

  private static final List<String> PASSWORDS = List.of("alice-secret", "root-secret-1", "Wr0ng-Guess-7",
      "brand new passphrase", "plain-text-in-file", "shrt");

  @TempDir
  Path dir;
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Level rootLevel;
  private Vertx vertx;

  @BeforeEach
  void capture() {
    captured.start();
    root.addAppender(captured);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    for (String noisy : new String[] {"io.vertx", "com.hazelcast", "io.squall"}) {
      ((Logger) LoggerFactory.getLogger(noisy)).setLevel(Level.DEBUG);
    }
    vertx = Vertx.vertx();
  }

  @AfterEach
  void release() {
    await(vertx.close());
    root.detachAppender(captured);
    root.setLevel(rootLevel);
    for (String noisy : new String[] {"io.vertx", "com.hazelcast", "io.squall"}) {
      ((Logger) LoggerFactory.getLogger(noisy)).setLevel(null);
    }
  }

  @Test
  void noPasswordAppearsInAnyLogLine() {
    AuthTesting.deploy(vertx, AuthTesting.options(dir).setRegistration(true).setMaxFailures(2));
    login(vertx, "alice", "alice-secret", "10.9.0.1");
    login(vertx, "root", "root-secret-1", null);
    for (int i = 0; i < 4; i++) {
      refused(vertx, Addresses.AUTH_LOGIN, credentials("alice", "Wr0ng-Guess-7", "10.9.0.2"));
      refused(vertx, Addresses.AUTH_LOGIN, credentials("nobody", "Wr0ng-Guess-7", "10.9.0.3"));
    }
    ask(vertx, Addresses.AUTH_REGISTER, new JsonObject().put("username", "erin").put("password", "brand new passphrase"));
    refused(vertx, Addresses.AUTH_REGISTER, new JsonObject().put("username", "erin").put("password", "shrt"));
    refused(vertx, Addresses.AUTH_REGISTER, new JsonObject().put("username", "erin").put("password", "brand new passphrase"));
    // a users file with a plain password: the start fails, and says so without the password
    Path plain = AuthTesting.write(dir.resolve("plain.yaml"),
        "users:\n  - {username: frank, password: plain-text-in-file}\n");
    assertThatThrownBy(() -> AuthTesting.deploy(vertx, AuthTesting.options(dir).setUsersFile(plain.toString())))
        .hasMessageContaining("plain.yaml:2: users[0]: password of 'frank' must be a $pbkdf2$ hash")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("plain-text-in-file"));

    assertThat(captured.list).as("something was logged at all").isNotEmpty();
    for (ILoggingEvent event : captured.list) {
      String line = event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      for (String password : PASSWORDS) {
        assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(password);
      }
    }
  }
}
