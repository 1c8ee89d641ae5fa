package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The bridge's client.js in a real browser, over a stand-in for vertx-eventbus.js's EventBus that lets the test hand
 * it frames: what reaches the app's handler.
 */
class ClientScriptBrowserIT {

  /** Records each EventBus the client opens and the handlers registered on it. */
  private static final String STAND_IN_EVENT_BUS = """
      window.buses = [];
      window.EventBus = function () { this.handlers = {}; window.buses.push(this); };
      EventBus.prototype.registerHandler = function (address, headers, handler) { this.handlers[address] = handler; };
      EventBus.prototype.send = function (address, body, headers, callback) {
        (this.sent = this.sent || []).push({address: address, headers: headers});
      };
      EventBus.prototype.close = function () {};
      """;

  private ChromeDriver browser;

  @BeforeEach
  void openABlankPageWithTheClient() throws Exception {
    Chrome.requireBrowser();
    browser = Chrome.start();
    browser.get("about:blank");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("squall/bridge/client.js")) {
      browser.executeScript(STAND_IN_EVENT_BUS + new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aChannelMessageThatComesUnderTwoSeqsWithOneIdReachesTheAppOnce() {
    Object seen = browser.executeScript("""
        var seen = [];
        Squall.connect('/eventbus', {}).subscribe('channel.room.lobby', function (m) { seen.push(m.seq); });
        var eb = window.buses[0];
        eb.onopen();
        [{seq: 1, id: 'a'}, {seq: 2, id: 'x'}, {seq: 3, id: 'x'}, {seq: 3, id: 'x'}, {seq: 4, id: 'b'}, {seq: 5}]
            .forEach(function (body) { eb.handlers['channel.room.lobby'](null, {body: body}); });
        return seen;
        """);

    assertThat(seen).isEqualTo(List.of(1L, 2L, 4L, 5L));
  }

  @Test
  void anIdempotentSendCarriesANewKeyEachTimeAndAPlainSendNone() {
    Object sent = browser.executeScript("""
        var bus = Squall.connect('/eventbus', {});
        window.buses[0].onopen();
        bus.send('chat.post', {text: 'a'}, null, {idempotent: true});
        bus.send('chat.post', {text: 'b'}, null, {idempotent: true});
        bus.send('chat.post', {text: 'c'}, null, {idempotencyKey: 'mine'});
        bus.send('chat.post', {text: 'd'});
        return window.buses[0].sent.map(function (s) { return s.headers['idempotency-key'] || null; });
        """);

    assertThat(sent).asList().hasSize(4);
    List<?> keys = (List<?>) sent;
    assertThat((String) keys.get(0)).matches("[0-9a-f]{32}");
    assertThat((String) keys.get(1)).matches("[0-9a-f]{32}").isNotEqualTo(keys.get(0));
    assertThat(keys.get(2)).isEqualTo("mine");
    assertThat(keys.get(3)).isNull();
  }
}
