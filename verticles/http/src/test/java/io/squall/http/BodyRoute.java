package io.squall.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Test route: answers {@code size} bytes of {@code type} (config keys). The bytes are the same compressible text
 * whatever the type: only the type decides whether the server compresses them. Optional config: {@code csp} (the
 * route sets its own Content-Security-Policy), {@code session} (stores a value and asks for the XSRF token, so both cookies are sent; the route needs
 * {@code session: true}),
 * {@code gzip} (the route gzips the body itself and says so in Content-Encoding) and {@code fail} (throws: a 500).
 */
public class BodyRoute implements RouteHandler {

  private static final String[] WORDS = {"squall ", "serves ", "this ", "body ", "over ", "vert.x ", "tornado ",
      "gzip ", "text, ", "and\n"};

  private String type;
  private int size;
  private String csp;
  private boolean session;
  private boolean gzip;
  private boolean fail;

  @Override
  public void init(Vertx vertx, JsonObject config) {
    type = config.getString("type", "text/plain; charset=utf-8");
    size = config.getInteger("size", 100);
    csp = config.getString("csp");
    session = config.getBoolean("session", false);
    gzip = config.getBoolean("gzip", false);
    fail = config.getBoolean("fail", false);
  }

  /**
   * The body every instance with this size answers: words drawn from a small list with a fixed seed, so it
   * compresses well, and differently at different gzip levels.
   */
  static byte[] body(int size) {
    Random random = new Random(size);
    StringBuilder text = new StringBuilder(size + 16);
    while (text.length() < size) {
      text.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static RouteOptions route(String path, String type, int size) {
    return new RouteOptions().setPath(path).setKind(RouteOptions.Kind.HANDLER).setHandler(BodyRoute.class.getName())
        .setConfig(new JsonObject().put("type", type).put("size", size));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (fail) {
      throw new IllegalStateException("BodyRoute told to fail");
    }
    if (csp != null) {
      ctx.response().putHeader("Content-Security-Policy", csp);
    }
    if (session) {
      // a page with a session and a form: both cookies get set
      ctx.session().put("seen", true);
      Xsrf.token(ctx);
    }
    byte[] bytes = body(size);
    if (gzip) {
      ctx.response().putHeader("content-encoding", "gzip");
      bytes = gzip(bytes);
    }
    ctx.response().putHeader("content-type", type).end(Buffer.buffer(bytes));
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
