package io.squall.platform;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
      throw Failures.badRequest("invalid " + type.getSimpleName() + ": " + describe(e.getCause()));
    }
  }

  /** What is wrong, by field name only: Jackson's own messages name Java classes, which users need not see. */
  private static String describe(Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    if (cause instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      String field = jme.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("?");
      return "bad value for '" + field + "'";
    }
    return "malformed";
  }
}
