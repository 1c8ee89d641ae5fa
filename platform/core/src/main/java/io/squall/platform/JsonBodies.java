package io.squall.platform;

import io.vertx.core.json.JsonObject;

/**
 * Event bus bodies are JSON objects; Java code prefers records. These turn one into the other with the Jackson
 * mapper Vert.x uses, and turn a body that does not fit into a 400 failure rather than a stack trace.
 */
public final class JsonBodies {

  private JsonBodies() {
  }

  /** A record (or any Jackson-mappable object) as a body. */
  public static JsonObject toJson(Object value) {
    return JsonObject.mapFrom(value);
  }

  /**
   * A body as a record.
   *
   * @throws io.vertx.core.eventbus.ReplyException with code 400 when the body does not fit {@code type}
   */
  public static <T> T fromJson(JsonObject body, Class<T> type) {
    if (body == null) {
      throw Failures.badRequest("a JSON object body is required");
    }
    try {
      return body.mapTo(type);
    } catch (IllegalArgumentException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String detail = cause instanceof com.fasterxml.jackson.databind.JsonMappingException jme
          ? jme.getOriginalMessage() : cause.getMessage();
      throw Failures.badRequest("invalid " + type.getSimpleName() + ": " + firstLine(detail));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
