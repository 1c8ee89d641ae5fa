package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.Ports;
import io.squall.testing.SquallProcess;
import io.squall.testing.TcpBalancer;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat app in real browsers on a 3-node cluster (2 edges + 1 backend): two users on different edges talk; the
 * node under one of them is killed, its browser comes back through the other edge and sees every message posted
 * meanwhile exactly once. Each edge's bridge is reached through a failover balancer (as haproxy would do).
 */
class ChatBrowserIT {

  private final List<SquallProcess> processes = new ArrayList<>();
  private final List<ChromeDriver> browsers = new ArrayList<>();
  private Vertx vertx;

  @TempDir
  Path dir;

  @BeforeEach
  void needsABrowser() {
    Chrome.requireBrowser();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void cleanUp() throws Exception {
    browsers.forEach(ChromeDriver::quit);
    processes.forEach(SquallProcess::close);
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private SquallProcess node(String name, Path app, String cluster, String roles, Path cookieSecret, String... extra) {
    SquallProcess p = SquallProcess.clusterMember(app.toString(), cluster, roles, extra)
        .env("SQUALL_HTTP_COOKIE_SECRET_FILE", cookieSecret.toString()).name(name).start();
    processes.add(p);
    return p;
  }

  private ChromeDriver browser() throws Exception {
    ChromeDriver browser = Chrome.start();
    browsers.add(browser);
    return browser;
  }

  private static void login(ChromeDriver browser, int httpPort, String user, String password) {
    browser.get("http://127.0.0.1:" + httpPort + "/login?next=/rooms/lobby");
    browser.findElement(By.name("username")).sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(password);
    browser.findElement(By.cssSelector("form.login button")).click();
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.getCurrentUrl().endsWith("/rooms/lobby"));
    awaitLive(browser);
  }

  private static void awaitLive(ChromeDriver browser) {
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(b ->
        "open".equals(b.findElement(By.id("status")).getAttribute("data-status")));
  }

  private static void say(ChromeDriver browser, String text) {
    WebElement input = browser.findElement(By.cssSelector("form.post input[name=text]"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> input.getAttribute("value").isEmpty());
  }

  private static List<String> texts(ChromeDriver browser) {
    return browser.findElements(By.cssSelector("#messages li.message .text")).stream().map(WebElement::getText).toList();
  }

  private static long seesWithin(ChromeDriver browser, String text, Duration limit) {
    long start = System.nanoTime();
    new WebDriverWait(browser, limit, Duration.ofMillis(20)).until(b -> texts(browser).contains(text));
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void twoBrowsersOnTwoEdgesChatAndOneSurvivesItsNodeDying() throws Exception {
    Path app = dir.resolve("chat.yaml");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("squall/chat/chat.yaml")) {
      Files.write(app, in.readAllBytes());
    }
    Path cookieSecret = Files.writeString(dir.resolve("cookie"), "1=browser-test-cookie-secret-0123456789abcdef\n");
    String cluster = "squall-chat-it-" + UUID.randomUUID();
    int http1 = Ports.freePair();
    int http2 = Ports.freePair();
    int bridge1 = Ports.free();
    int bridge2 = Ports.free();
    // the page at port P opens its bridge at P+1: there, a balancer that prefers the page's own edge
    TcpBalancer.start(vertx, http1 + 1, List.of(bridge1, bridge2)).toCompletionStage().toCompletableFuture().get();
    TcpBalancer.start(vertx, http2 + 1, List.of(bridge2, bridge1)).toCompletionStage().toCompletableFuture().get();

    SquallProcess backend = node("backend", app, cluster, "backend", cookieSecret);
    SquallProcess edge1 = node("edge1", app, cluster, "edge", cookieSecret, "--http-port", String.valueOf(http1),
        "--bridge-port", String.valueOf(bridge1));
    SquallProcess edge2 = node("edge2", app, cluster, "edge", cookieSecret, "--http-port", String.valueOf(http2),
        "--bridge-port", String.valueOf(bridge2));
    backend.awaitReady(Duration.ofSeconds(60));
    edge1.awaitReady(Duration.ofSeconds(60));
    edge2.awaitReady(Duration.ofSeconds(60));
    awaitCondition("three members", Duration.ofSeconds(60), () -> edge2.info().getInteger("members") == 3);

    ChromeDriver alice = browser();
    ChromeDriver bob = browser();
    login(alice, http1, "alice", "alice-secret");
    login(bob, http2, "bob", "bob-secret");
    // bob behind a proxy that breaks WebSockets: SockJS falls back to xhr polling
    bob.get("http://127.0.0.1:" + http2 + "/rooms/lobby?transport=xhr-polling");
    awaitLive(bob);
    assertThat(bob.executeScript("return window.squallChat.bus.eb.sockJSConn.transport")).isEqualTo("xhr-polling");

    say(alice, "hello from edge 1");
    // generous guards: the latency printed below is a measurement, not a pass/fail matter on a shared machine
    long bobSaw = seesWithin(bob, "hello from edge 1", Duration.ofSeconds(10));
    // issue 19: the count kept saying "No messages yet" after the first live message
    assertThat(bob.findElement(By.id("count")).getText()).isEqualTo("One message");
    say(bob, "hello from edge 2");
    long aliceSaw = seesWithin(alice, "hello from edge 2", Duration.ofSeconds(10));
    assertThat(alice.findElement(By.id("count")).getText()).isEqualTo("2 messages");
    System.out.printf("browser to browser across edges (alice WebSocket, bob xhr-polling): bob saw alice after %d ms, "
        + "alice saw bob after %d ms%n",
        bobSaw, aliceSaw);

    say(bob, "<script>window.pwned = 1</script><b>bold?</b>");
    seesWithin(alice, "<script>window.pwned = 1</script><b>bold?</b>", Duration.ofSeconds(5));
    assertThat(alice.executeScript("return window.pwned === undefined && document.querySelectorAll('#messages b').length === 0"))
        .as("the message is text, not markup").isEqualTo(true);

    // every status change, kept: the page may be back to "open" on the other edge before a poll of its status sees it
    alice.executeScript("var bus = window.squallChat.bus, shown = bus.onstatus; window.statuses = [];"
        + " bus.onstatus = function (s) { window.statuses.push(s); shown(s); };");
    edge1.sigkill();
    new WebDriverWait(alice, Duration.ofSeconds(15), Duration.ofMillis(50)).until(b ->
        Boolean.TRUE.equals(alice.executeScript("return window.statuses.indexOf('reconnecting') >= 0")));
    List<String> meanwhile = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      meanwhile.add("while edge 1 was down " + i);
      say(bob, meanwhile.get(i));
    }
    awaitLive(alice);
    for (String text : meanwhile) {
      seesWithin(alice, text, Duration.ofSeconds(15));
    }

    List<String> seen = texts(alice);
    for (String text : meanwhile) {
      assertThat(seen).as("exactly once: " + text).containsOnlyOnce(text);
    }
    assertThat(seen.subList(seen.size() - meanwhile.size(), seen.size())).as("in order").isEqualTo(meanwhile);
    Path shot = Path.of("target", "chat-room.png");
    Files.write(shot, alice.getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isPositive();
  }
}
