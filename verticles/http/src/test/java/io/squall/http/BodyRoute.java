package io.squall.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Test route: answers {@code size} bytes of {@code type} (config keys). The bytes repeat, so they compress well
 * whatever the type: only the type decides whether the server compresses them. Optional config: {@code csp} (the
 * route sets its own Content-Security-Policy) and {@code session} (stores a value, so the session cookie is sent).
 */
public class BodyRoute implements RouteHandler {

  private String type;
  private int size;
  private String csp;
  private boolean session;

  @Override
  public void init(io.vertx.core.Vertx vertx, JsonObject config) {
    type = config.getString("type", "text/plain; charset=utf-8");
    size = config.getInteger("size", 100);
    csp = config.getString("csp");
    session = config.getBoolean("session", false);
  }

  /** The body every instance with this size answers. */
  static byte[] body(int size) {
    byte[] bytes = new byte[size];
    byte[] text = "squall serves this body; ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < size; i++) {
      bytes[i] = text[i % text.length];
    }
    return bytes;
  }

  static RouteOptions route(String path, String type, int size) {
    return new RouteOptions().setPath(path).setKind(RouteOptions.Kind.HANDLER).setHandler(BodyRoute.class.getName())
        .setConfig(new JsonObject().put("type", type).put("size", size));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (csp != null) {
      ctx.response().putHeader("Content-Security-Policy", csp);
    }
    if (session) {
      ctx.session().put("seen", true);
    }
    ctx.response().putHeader("content-type", type).end(Buffer.buffer(body(size)));
  }
}
