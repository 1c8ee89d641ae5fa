package io.squall.auth;

import static io.squall.auth.AuthTesting.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Addresses;
import io.squall.testing.InJvmCluster;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode with no key on a cluster: every member signs and verifies with one generated key. */
class DevKeyClusterTest {

  private static InJvmCluster cluster;

  @TempDir
  Path dir;

  @BeforeAll
  static void startCluster() {
    cluster = InJvmCluster.start(2);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private AuthOptions devWithoutKeys() {
    AuthOptions options = AuthTesting.options(dir).setDev(true);
    options.getKeys().clear();
    return options;
  }

  /** Asks the auth verticle of {@code member} itself, never another member's. */
  private static JsonObject askOn(Vertx member, String address, JsonObject body) {
    return await(member.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setLocalOnly(true))
        .map(m -> m.body()));
  }

  @Test
  void aTokenIssuedByOneMemberIsAcceptedByTheOtherWithNoKeyConfigured() {
    String one = AuthTesting.deploy(cluster.vertx(0), devWithoutKeys());
    String other = AuthTesting.deploy(cluster.vertx(1), devWithoutKeys());
    try {
      for (int issuer = 0; issuer < 2; issuer++) {
        String token = askOn(cluster.vertx(issuer), Addresses.AUTH_LOGIN,
            AuthTesting.credentials("alice", "alice-secret", null)).getString("token");

        JsonObject verified = askOn(cluster.vertx(1 - issuer), Addresses.AUTH_VERIFY, AuthTesting.token(token));

        assertThat(verified.getJsonObject("user").getString("id")).as("issued by member " + issuer).isEqualTo("alice");
      }
    } finally {
      await(cluster.vertx(0).undeploy(one));
      await(cluster.vertx(1).undeploy(other));
    }
  }

  @Test
  void aClusteredMemberWithoutKeysOutsideDevModeRefusesToStartNamingTheSettingToAdd() {
    AuthOptions production = devWithoutKeys().setDev(false);

    assertThatThrownBy(() -> AuthTesting.deploy(cluster.vertx(0), production))
        .hasMessageContaining("auth: no JWT key configured: set keys, e.g. SQUALL_AUTH_KEYS='[{kid: k1, secretFile:")
        .hasMessageContaining("every node of a cluster needs the same keys")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
