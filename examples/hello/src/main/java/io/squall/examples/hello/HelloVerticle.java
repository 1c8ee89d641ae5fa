package io.squall.examples.hello;

import io.squall.platform.Addresses;
import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.squall.platform.Failures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * Tornado's hello world as a Squall verticle: answers {@code hello.greet} with {@code {greeting: "Hello, <name>!"}}.
 *
 * <p>It knows nothing about HTTP. The descriptor's http verticle turns {@code GET /hello/Ada} into the message
 * {@code {name: "Ada"}} (path parameters, query parameters or the body) and this verticle's reply into the JSON
 * response; a failure's code becomes the status. So the same code serves a browser, a bridge client or another
 * verticle, on this node or any node of the cluster.
 */
public class HelloVerticle extends VerticleBase {

  public static final String ADDRESS = "hello.greet";

  /** Longest name greeted, in characters (code points: an emoji counts once, as a person would count it). */
  public static final int MAX_NAME_LENGTH = 100;

  /**
   * Its config keys: `squall check` and `squall run` refuse a typo or a wrong type in them with the file and line,
   * `squall schema` describes them to editors. A verticle that declares none gets its config unchecked.
   */
  public static final ConfigKeys CONFIG = ConfigKeys.of(
      ConfigKey.string("greeting", "Hello", "The word before the name").pattern("\\p{L}[\\p{L} ]{0,19}",
          "a word of letters (at most 20)"));

  private String greeting;

  @Override
  public Future<?> start() {
    try {
      greeting = CONFIG.validate("hello", config()).getString("greeting", "Hello");
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // completion(): the node counts this verticle as started (and /health/ready as 200) only once the consumer is
    // registered, cluster-wide when clustered, so no request arrives before anyone can answer it.
    return vertx.eventBus().<Object>consumer(ADDRESS, this::handle).completion();
  }

  private void handle(Message<Object> message) {
    try {
      message.reply(new JsonObject().put("greeting", greeting + ", " + name(message) + "!"));
    } catch (ReplyException e) {
      // Failures.* builds the exception; Message.fail takes its parts. Code = HTTP status, message = safe to show.
      message.fail(e.failureCode(), e.getMessage());
    }
  }

  /** The name to greet: the body's {@code name}, else the caller's user, else "world". */
  static String name(Message<Object> message) {
    Object body = message.body();
    if (body != null && !(body instanceof JsonObject)) {
      throw Failures.badRequest("a JSON object body {name?} is required");
    }
    Object value = body == null ? null : ((JsonObject) body).getValue("name");
    if (value != null && !(value instanceof String)) {
      throw Failures.badRequest("name must be a string");
    }
    // Stripped like Tornado's get_argument does, so "?name=%20" is no name rather than a blank one.
    String name = value == null ? "" : ((String) value).strip();
    if (name.isEmpty()) {
      // The http verticle and the bridge put the verified user id in this header; a client cannot forge it (both
      // strip it from what clients send), which is why a backend reads identity here and never from the body.
      String user = message.headers().get(Addresses.HEADER_USER);
      name = user == null || user.isBlank() ? "world" : user;
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
      // The reply echoes the name: a bound keeps a client from making us build (and send) arbitrarily big replies.
      throw Failures.badRequest("name is longer than " + MAX_NAME_LENGTH + " characters");
    }
    return name;
  }
}
