package io.squall.bench;

import io.vertx.core.json.JsonObject;

/** The one body every contender serves, encoded per request as TechEmpower's JSON test asks. */
final class Hello {

  static final String CONTENT_TYPE = "application/json";

  private Hello() {
  }

  static JsonObject message() {
    return new JsonObject().put("message", "Hello, World!");
  }
}
