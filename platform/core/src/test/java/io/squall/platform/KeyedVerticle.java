package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A verticle that declares one key of each type, for the declaration tests. */
public class KeyedVerticle extends VerticleBase {

  static final ConfigKeys ROUTE = ConfigKeys.of(
      ConfigKey.string("path", null, "Where it answers").required(),
      ConfigKey.oneOf("kind", null, List.of("template", "redirect"), "What it does").required(),
      ConfigKey.string("to", null, "Where a redirect goes"),
      ConfigKey.bool("auth", false, "Needs a user"))
      .rule((route, problems) -> {
        if ("redirect".equals(route.getString("kind")) && route.getString("to") == null) {
          problems.add("to", "a redirect route needs 'to'");
        }
      });

  public static final ConfigKeys CONFIG = ConfigKeys.of(
      ConfigKey.port("port", 8080, "Where it listens"),
      ConfigKey.duration("idleTimeout", Duration.ofSeconds(60), TimeUnit.SECONDS, "Idle keep-alive").range(0, 3600),
      ConfigKey.duration("requestTimeout", Duration.ofSeconds(30), TimeUnit.MILLISECONDS, "Bus answer wait")
          .range(1, 600_000),
      ConfigKey.size("bodyLimit", 1024L * 1024, "Largest body"),
      ConfigKey.string("secret", null, "A key").secret(),
      ConfigKey.string("usersFile", null, "Users").file(),
      ConfigKey.string("dir", null, "Files").dir(),
      ConfigKey.string("oidcLogin", null, "OIDC start path").orBoolean(),
      ConfigKey.strings("locales", List.of(), "Locales"),
      ConfigKey.map("labels", "Free labels"),
      ConfigKey.object("limits", ConfigKeys.of(ConfigKey.integer("maxLength", 1000, 1, 100_000, "Longest message")),
          "Limits"),
      ConfigKey.list("routes", ROUTE, "Routes"))
      .rule((config, problems) -> {
        if (config.getInteger("port") == 9) {
          problems.add("port", "port 9 is the discard service");
        }
        // reads into the routes as rules of a mapping may: a route with a wrong kind must not crash it
        for (Object route : config.getJsonArray("routes", new io.vertx.core.json.JsonArray())) {
          if ("redirect".equals(((io.vertx.core.json.JsonObject) route).getString("kind")) && config.getInteger("port") == 7) {
            problems.add("port", "no redirects on the echo port");
          }
        }
      });

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
