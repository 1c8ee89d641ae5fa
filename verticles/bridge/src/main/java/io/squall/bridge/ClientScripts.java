package io.squall.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The browser side, served by the bridge itself so pages need no build step: {@code sockjs.min.js} (sockjs-client
 * 1.6.1, MIT), {@code vertx-eventbus.js} (@vertx/eventbus-bridge-client.js 1.0.0, Apache-2.0) and Squall's
 * {@code client.js}, which wraps the latter with reconnects, re-registration and channel resume.
 */
final class ClientScripts {

  private static final String[] SCRIPTS = {"sockjs.min.js", "vertx-eventbus.js", "client.js"};

  private ClientScripts() {
  }

  static void mount(Router router, String path) {
    for (String name : SCRIPTS) {
      Buffer script = load(name);
      router.get(path + "/" + name).handler(ctx -> ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/javascript; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
          .putHeader("X-Content-Type-Options", "nosniff")
          .end(script));
    }
  }

  private static Buffer load(String name) {
    try (InputStream in = ClientScripts.class.getResourceAsStream("/squall/bridge/" + name)) {
      if (in == null) {
        throw new IllegalStateException("squall-bridge jar lacks squall/bridge/" + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
