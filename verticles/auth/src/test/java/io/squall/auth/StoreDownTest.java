package io.squall.auth;

import static io.squall.auth.AuthTesting.await;
import static io.squall.auth.AuthTesting.credentials;
import static io.squall.auth.AuthTesting.login;
import static io.squall.auth.AuthTesting.refused;
import static io.squall.auth.AuthTesting.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the node's Hazelcast member has stopped (the probe's flood ran it out of memory), logins, logouts and refreshes
 * are answered 503 at once with a message that says so, not 500: the node is unavailable, not broken, and its health
 * says the same.
 */
class StoreDownTest {

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void loginLogoutAndRefreshAreAnswered503WhenTheStoreIsDown() {
    AuthTesting.deploy(vertx, AuthTesting.options(dir));
    String token = login(vertx, "alice", "alice-secret", "10.0.0.1").getString("token");
    await(ClusterStore.instance(vertx)).getLifecycleService().terminate();

    Map<String, JsonObject> requests = Map.of(Addresses.AUTH_LOGIN, credentials("alice", "alice-secret", "10.0.0.1"),
        Addresses.AUTH_LOGOUT, token(token), Addresses.AUTH_REFRESH, token(token));
    requests.forEach((address, body) -> {
      long started = System.nanoTime();
      ReplyException refusal = refused(vertx, address, body);
      assertThat(refusal.failureCode()).as(address).isEqualTo(503);
      assertThat(refusal.getMessage()).as(address).isEqualTo("the cluster store is not available");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered, not timed out")
          .isLessThan(Duration.ofSeconds(5));
    });
  }
}
