package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.Ports;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A chat page open longer than its token lives (4 s here, an hour by default): the bridge closes the page's socket
 * when the token expires, the page asks its session for a renewed token and reconnects, and goes on receiving.
 */
class ChatTokenExpiryBrowserIT {

  private SquallProcess node;
  private ChromeDriver browser;

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anOpenRoomPageOutlivesItsTokenAndKeepsReceiving() throws Exception {
    Chrome.requireBrowser();
    int http = Ports.freePair();
    // the page opens its bridge on its own port + 1
    node = SquallProcess.run("--http-port", String.valueOf(http), "--bridge-port", String.valueOf(http + 1),
        "--set", "auth.tokenTtl=4").name("token-expiry").start().awaitReady(Duration.ofSeconds(60));
    browser = Chrome.start();
    browser.get("http://127.0.0.1:" + http + "/login?next=/rooms/lobby");
    browser.findElement(By.name("username")).sendKeys("alice");
    browser.findElement(By.name("password")).sendKeys("alice-secret");
    browser.findElement(By.cssSelector("form.login button")).click();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
    wait.until(b -> "open".equals(b.findElement(By.id("status")).getAttribute("data-status")));
    browser.executeScript("var bus = window.squallChat.bus, shown = bus.onstatus; window.statuses = [];"
        + " bus.onstatus = function (s) { window.statuses.push(s); shown(s); };"
        + " window.errors = []; bus.onerror = function (e) { window.errors.push(JSON.stringify(e)); };");

    // the token's expiry closes the socket; the page comes back with a renewed one
    wait.until(b -> statuses().contains("reconnecting"));
    wait.until(b -> statuses().lastIndexOf("open") > statuses().indexOf("reconnecting"));
    SquallClient bob = SquallClient.to(http).login("bob", "bob-secret");
    assertThat(bob.postJson("/rooms/lobby/messages", new JsonObject().put("text", "after the token expired"))
        .statusCode()).isEqualTo(200);

    wait.until(b -> b.findElements(By.cssSelector("#messages li.message .text")).stream()
        .anyMatch(e -> e.getText().equals("after the token expired")));
    assertThat((List<String>) browser.executeScript("return window.errors;")).as("why the socket closed")
        .anyMatch(e -> e.contains("token_expired"));
  }

  @SuppressWarnings("unchecked")
  private List<String> statuses() {
    return (List<String>) browser.executeScript("return window.statuses;");
  }
}
