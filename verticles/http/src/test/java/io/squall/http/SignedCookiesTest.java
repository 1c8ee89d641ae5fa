package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.testing.SquallClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedCookiesTest {

  private static final String OLD = "old-secret-old-secret-old-secret-0001";
  private static final String NEW = "new-secret-new-secret-new-secret-0002";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final long DAY = 24 * 3600;

  /** Sets the cookie {@code user} from {@code ?set=} and answers with what it reads back. */
  public static class Remember implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      SignedCookies cookies = SignedCookies.of(ctx);
      String value = ctx.queryParams().get("set");
      if (value != null) {
        cookies.set(ctx, "user", value);
      }
      ctx.json(new JsonObject().put("user", cookies.get(ctx, "user")));
    }
  }

  /** Sets the cookie {@code user} to {@code ?size=} letters, or answers with why it cannot. */
  public static class SetOfSize implements RouteHandler {
    @Override
    public void handle(RoutingContext ctx) {
      String value = "a".repeat(Integer.parseInt(ctx.queryParams().get("size")));
      try {
        SignedCookies.of(ctx).set(ctx, "user", value);
        ctx.json(new JsonObject().put("set", true));
      } catch (IllegalArgumentException e) {
        ctx.json(new JsonObject().put("set", false).put("why", e.getMessage()));
      }
    }
  }

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static SignedCookies cookies(Map<Integer, String> secrets, Instant at) {
    return SignedCookies.create(secrets, SignedCookies.DEFAULT_MAX_AGE_SECONDS, Clock.fixed(at, ZoneOffset.UTC));
  }

  private static SignedCookies cookies() {
    return cookies(Map.of(1, OLD), NOW);
  }

  /** The failure message of deploying an http verticle with {@code options}, or null when it starts. */
  private String startFailure(HttpOptions options) {
    try {
      vertx.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(options.setHost("127.0.0.1").setPort(0).toJson()))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return null;
    } catch (Exception e) {
      return e.getCause().getMessage();
    }
  }

  @Test
  void roundTripsAValue() {
    SignedCookies cookies = cookies();
    for (String value : List.of("alice", "", "ünïcødé; with | and = and \"quotes\"")) {
      String signed = cookies.sign("user", value);
      assertThat(signed).startsWith("2|1:1|10:").doesNotContain(";").doesNotContain(" ").doesNotContain("\"");
      assertThat(cookies.verify("user", signed)).isEqualTo(value);
    }
  }

  @Test
  void rejectsATamperedValue() {
    SignedCookies cookies = cookies();
    String signed = cookies.sign("user", "alice");
    String alice = Base64.getUrlEncoder().withoutPadding().encodeToString("alice".getBytes());
    String admin = Base64.getUrlEncoder().withoutPadding().encodeToString("admin".getBytes());
    assertThat(cookies.verify("user", signed.replace(alice, admin))).isNull();
  }

  @Test
  void rejectsATamperedSignature() {
    SignedCookies cookies = cookies();
    String signed = cookies.sign("user", "alice");
    char last = signed.charAt(signed.length() - 1);
    assertThat(cookies.verify("user", signed.substring(0, signed.length() - 1) + (last == '0' ? '1' : '0'))).isNull();
    assertThat(cookies.verify("user", signed.substring(0, signed.length() - 2))).isNull();
    assertThat(cookies.verify("user", signed + "00")).isNull();
  }

  @Test
  void rejectsMalformedValues() {
    SignedCookies cookies = cookies();
    for (String bad : new String[] {null, "", "2|", "alice", "2|1:1|", "2|9:1|10:1|", "2|1:x|10:1748779200|4:user|0:|ab",
        "1|1:1|10:1748779200|4:user|0:|ab"}) {
      assertThat(cookies.verify("user", bad)).as(String.valueOf(bad)).isNull();
    }
  }

  @Test
  void rejectsAValueMovedToAnotherCookieName() {
    SignedCookies cookies = cookies();
    String signed = cookies.sign("user", "alice");
    assertThat(cookies.verify("admin", signed)).isNull();
    assertThat(cookies.verify("admin", signed.replace("4:user|", "5:admin|"))).isNull();
  }

  @Test
  void rejectsAnExpiredValue() {
    String signed = cookies().sign("user", "alice");
    assertThat(cookies(Map.of(1, OLD), NOW.plusSeconds(31 * DAY)).verify("user", signed)).isEqualTo("alice");
    assertThat(cookies(Map.of(1, OLD), NOW.plusSeconds(31 * DAY + 1)).verify("user", signed)).isNull();
    assertThat(cookies(Map.of(1, OLD), NOW.plusSeconds(2 * DAY)).verify("user", signed, DAY)).isNull();
  }

  @Test
  void rejectsAValueFromTheFarFuture() {
    String signed = cookies(Map.of(1, OLD), NOW.plusSeconds(2 * DAY)).sign("user", "alice");
    assertThat(cookies().verify("user", signed)).isNull();
  }

  @Test
  void oldKeyVersionStillVerifiesAfterRotationAndTheNewestSigns() {
    String before = cookies(Map.of(1, OLD), NOW).sign("user", "alice");
    SignedCookies rotated = cookies(Map.of(1, OLD, 2, NEW), NOW);
    assertThat(rotated.currentVersion()).isEqualTo(2);
    assertThat(rotated.verify("user", before)).isEqualTo("alice");
    String after = rotated.sign("user", "bob");
    assertThat(after).startsWith("2|1:2|");
    assertThat(cookies(Map.of(2, NEW), NOW).verify("user", after)).isEqualTo("bob");
  }

  @Test
  void unknownKeyVersionIsRejected() {
    String fromTheFuture = cookies(Map.of(3, "third-secret-third-secret-third-0003"), NOW).sign("user", "alice");
    assertThat(cookies(Map.of(1, OLD, 2, NEW), NOW).verify("user", fromTheFuture)).isNull();
    String retired = cookies(Map.of(1, OLD), NOW).sign("user", "alice");
    assertThat(cookies(Map.of(2, NEW), NOW).verify("user", retired)).isNull();
  }

  @Test
  void sameVersionWithAnotherSecretIsRejected() {
    String signed = cookies(Map.of(1, OLD), NOW).sign("user", "alice");
    assertThat(cookies(Map.of(1, NEW), NOW).verify("user", signed)).isNull();
  }

  @Test
  void missingSecretFailsStartInProductionClearly() {
    String failure = startFailure(new HttpOptions());
    assertThat(failure).contains("no cookie secret").contains("cookieSecretFile").contains("cookieSecrets")
        .contains("SQUALL_HTTP_COOKIE_SECRET_FILE").contains("dev");
  }

  @Test
  void devModeGeneratesAThrowawaySecret() {
    assertThat(startFailure(new HttpOptions().setDev(true))).isNull();
  }

  @Test
  void shortOrBadSecretsFailStartWithoutPrintingThem() {
    String failure = startFailure(new HttpOptions().setCookieSecrets(Map.of("1", "too-short-secret")));
    assertThat(failure).contains("version 1").contains("shorter than 32").doesNotContain("too-short-secret");
    failure = startFailure(new HttpOptions().setCookieSecrets(Map.of(NEW, OLD)));
    assertThat(failure).contains("positive integer").doesNotContain(NEW).doesNotContain(OLD);
  }

  @Test
  void secretFileAndInlineSecretsAreExclusive(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("secrets"), "1=" + OLD + "\n");
    String failure = startFailure(new HttpOptions().setCookieSecretFile(file.toString())
        .setCookieSecrets(Map.of("2", NEW)));
    assertThat(failure).contains("not both");
  }

  @Test
  void secretFileHasOneVersionPerLineAndItsErrorsNameTheLine(@TempDir Path dir) throws Exception {
    assertThat(CookieSecrets.parseFile("f", "# rotated 2025-06\n2 = " + NEW + "\r\n\n1=" + OLD + "\n"))
        .isEqualTo(Map.of(2, NEW, 1, OLD));
    assertThatThrownBy(() -> CookieSecrets.parseFile("f", "1=" + OLD + "\n" + NEW + "\n"))
        .hasMessageContaining("f line 2").hasMessageNotContaining(NEW);
    assertThatThrownBy(() -> CookieSecrets.parseFile("f", "# nothing\n")).hasMessageContaining("no 'version=secret'");
    String missing = startFailure(new HttpOptions().setCookieSecretFile(dir.resolve("absent").toString()));
    assertThat(missing).contains("cookieSecretFile: file '" + dir.resolve("absent") + "' does not exist");
  }

  @Test
  void verticleSetsHttpOnlyLaxCookiesFromItsSecretFileAndReadsThemBack(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("secrets"), "1=" + OLD + "\n2=" + NEW + "\n");
    int port = HttpServers.deploy(vertx, new HttpOptions().setCookieSecretFile(file.toString()).setRoutes(List.of(
        new RouteOptions().setPath("/me").setKind(RouteOptions.Kind.HANDLER).setMethods(List.of("GET"))
            .setHandler(Remember.class.getName()))));
    HttpResponse<String> set = get(port, "/me?set=alice", null);
    String cookie = set.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("user=")).findFirst()
        .orElseThrow();
    assertThat(cookie).contains("Path=/").containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Max-Age=2678400")
        .doesNotContain("Secure");
    String value = cookie.substring("user=".length(), cookie.indexOf(';'));
    assertThat(value).startsWith("2|1:2|");
    assertThat(new JsonObject(get(port, "/me", "user=" + value).body()).getString("user")).isEqualTo("alice");
    assertThat(new JsonObject(get(port, "/me", "user=" + value.replace("|1:2|", "|1:1|")).body()).getValue("user"))
        .isNull();
  }

  @Test
  void optionsRoundTripTheirCookieAndXsrfKeys() {
    HttpOptions options = new HttpOptions().setXsrf(false).setCookieSecrets(Map.of("2", NEW))
        .setCookieSecretFile("/run/secrets/cookie").setCookieMaxAge(3600);
    HttpOptions copy = new HttpOptions(options.toJson());
    assertThat(copy.toJson()).isEqualTo(options.toJson());
    assertThat(copy.isXsrf()).isFalse();
    assertThat(copy.getCookieSecrets()).isEqualTo(Map.of("2", NEW));
    assertThat(copy.getCookieSecretFile()).isEqualTo("/run/secrets/cookie");
    assertThat(copy.getCookieMaxAge()).isEqualTo(3600);
    HttpOptions defaults = new HttpOptions(new JsonObject());
    assertThat(defaults.isXsrf()).isTrue();
    assertThat(defaults.getCookieMaxAge()).isEqualTo(31 * DAY);
    assertThat(defaults.getCookieSecretFile()).isNull();
  }

  /** A GET by a new client, with {@code cookie} as its only cookie (none when null). */
  private static HttpResponse<String> get(int port, String path, String cookie) {
    SquallClient client = SquallClient.to(port);
    return cookie == null ? client.get(path) : client.get(path, "Cookie", cookie);
  }

  @Test
  void aValueFromUpToADayAheadIsAcceptedAsClockSkewButNoFurther() {
    String aDayAhead = cookies(Map.of(1, OLD), NOW.plusSeconds(DAY)).sign("user", "alice");
    String further = cookies(Map.of(1, OLD), NOW.plusSeconds(DAY + 1)).sign("user", "alice");

    assertThat(cookies().verify("user", aDayAhead)).isEqualTo("alice");
    assertThat(cookies().verify("user", further)).isNull();
  }

  @Test
  void theMaxAgeAndEveryKeyVersionMustBePositive() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    assertThat(SignedCookies.create(Map.of(1, OLD), 1, clock).maxAge()).isEqualTo(1);
    assertThat(SignedCookies.create(Map.of(1, OLD), 3600).maxAge()).isEqualTo(3600);
    assertThatThrownBy(() -> SignedCookies.create(Map.of(1, OLD), 0, clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cookie max age must be positive, got 0");
    assertThatThrownBy(() -> SignedCookies.create(Map.of(0, OLD), 60, clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cookie secret versions are positive integers, got 0");
    assertThatThrownBy(() -> SignedCookies.create(Map.of(), 60, clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("at least one cookie secret is required");
  }

  @Test
  void aSignedValueOfUpTo8186CharactersIsReadAndALongerOneIsNot() {
    SignedCookies cookies = cookies();
    String longest = cookies.sign("users", valueSignedTo(cookies, "users", 2 * SignedCookies.MAX_COOKIE_BYTES));
    String longer = cookies.sign("users", valueSignedTo(cookies, "users", 2 * SignedCookies.MAX_COOKIE_BYTES + 1));

    assertThat(longest).hasSize(8186);
    assertThat(cookies.verify("users", longest)).isNotNull();
    assertThat(longer.length()).isGreaterThan(8186);
    assertThat(cookies.verify("users", longer)).isNull();
  }

  /** The shortest value of letters whose signed form for {@code name} is at least {@code length} characters. */
  private static String valueSignedTo(SignedCookies cookies, String name, int length) {
    String value = "";
    while (cookies.sign(name, value).length() < length) {
      value += "a";
    }
    return value;
  }

  @Test
  void fieldLengthsAreOneToFiveDecimalDigitsWithoutSign() {
    long at = NOW.getEpochSecond();
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString("alice".getBytes());

    assertThat(cookies().verify("sessionid", cookies().sign("sessionid", "alice"))).as("a nine-letter name")
        .isEqualTo("alice");
    assertThat(cookies().verify("user", signedByHand("2|1:1|10:" + at + "|00004:user|7:" + value + "|")))
        .as("five digits").isEqualTo("alice");
    assertThat(cookies().verify("user", signedByHand("2|1:1|10:" + at + "|000004:user|7:" + value + "|")))
        .as("six digits").isNull();
    assertThat(cookies().verify("user", signedByHand("2|1:1|10:" + at + "|+4:user|7:" + value + "|")))
        .as("a sign").isNull();
    assertThat(cookies().verify("user", signedByHand("2|1:1|10:" + at + "|4:user|+7:" + value + "|")))
        .as("a sign").isNull();
    assertThat(cookies().verify("user", signedByHand("2|1:1|10:" + at + "|4:user|7:" + value + "|")))
        .as("the same, plainly").isEqualTo("alice");
  }

  /** {@code payload} with the HMAC of key version 1 appended, however it is formed. */
  private static String signedByHand(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(OLD.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return payload + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void setTakesACookieOfUpTo4093BytesAndRefusesALargerOneSayingHowLarge() {
    int port = HttpServers.deploy(vertx, new HttpOptions().setRoutes(List.of(new RouteOptions().setPath("/set")
        .setKind(RouteOptions.Kind.HANDLER).setMethods(List.of("GET")).setHandler(SetOfSize.class.getName()))));
    // the verticle signs as these cookies do, with a ten-digit timestamp: "user" and the value's signed form
    SignedCookies alike = cookies();
    int fits = valueSignedTo(alike, "user", SignedCookies.MAX_COOKIE_BYTES - "user".length()).length();
    int bytes = "user".length() + alike.sign("user", "a".repeat(fits)).length();
    int over = "user".length() + alike.sign("user", "a".repeat(fits + 1)).length();
    assertThat(bytes).isEqualTo(4093);

    HttpResponse<String> largest = get(port, "/set?size=" + fits, null);
    HttpResponse<String> tooLarge = get(port, "/set?size=" + (fits + 1), null);

    assertThat(new JsonObject(largest.body()).getBoolean("set")).isTrue();
    String cookie = largest.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("user=")).findFirst()
        .orElseThrow();
    assertThat(cookie.indexOf(';')).isEqualTo(4093 + 1);
    assertThat(new JsonObject(tooLarge.body())).isEqualTo(new JsonObject().put("set", false)
        .put("why", "signed cookie user is " + over + " bytes; browsers keep at most 4093"));
    assertThat(tooLarge.headers().allValues("set-cookie")).noneMatch(c -> c.startsWith("user="));
  }
}
