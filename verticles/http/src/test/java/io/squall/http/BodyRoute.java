package io.squall.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Test route: answers {@code size} bytes of {@code type} (config keys). The bytes are the same compressible text
 * whatever the type: only the type decides whether the server compresses them. Optional config: {@code csp} (the
 * route sets its own Content-Security-Policy), {@code session} (stores a value, so the session cookie is sent) and
 * {@code gzip} (the route gzips the body itself and says so in Content-Encoding).
 */
public class BodyRoute implements RouteHandler {

  private String type;
  private int size;
  private String csp;
  private boolean session;
  private boolean gzip;

  @Override
  public void init(io.vertx.core.Vertx vertx, JsonObject config) {
    type = config.getString("type", "text/plain; charset=utf-8");
    size = config.getInteger("size", 100);
    csp = config.getString("csp");
    session = config.getBoolean("session", false);
    gzip = config.getBoolean("gzip", false);
  }

  /**
   * The body every instance with this size answers: words drawn from a small list with a fixed seed, so it
   * compresses well and differently at different gzip levels.
   */
  static byte[] body(int size) {
    String[] words = {"squall ", "serves ", "this ", "body ", "over ", "vert.x ", "tornado ", "gzip ", "text, ", "and\n"};
    java.util.Random random = new java.util.Random(size);
    StringBuilder text = new StringBuilder(size + 16);
    while (text.length() < size) {
      text.append(words[random.nextInt(words.length)]);
    }
    return text.substring(0, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
    byte[] bytes = body(size);
    if (gzip) {
      ctx.response().putHeader("content-encoding", "gzip");
      bytes = gzip(bytes);
    }
    ctx.response().putHeader("content-type", type).end(Buffer.buffer(bytes));
  }

  private static byte[] gzip(byte[] bytes) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
