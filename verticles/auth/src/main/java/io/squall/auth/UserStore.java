package io.squall.auth;

import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Users and roles, cluster-wide: a Hazelcast map from user name to {@code {id, name, roles, password}} (the
 * password as a salted hash), so a user registered on one node logs in on every other. Values are JSON strings:
 * no class of ours needs to be on the members that own them.
 */
final class UserStore {

  static final String MAP = "squall.auth.users";

  private final IMap<String, String> users;

  UserStore(IMap<String, String> users) {
    this.users = users;
  }

  /** The users file wins over what the map holds for the same names (it is where an admin changes a password). */
  Future<Void> seed(Context context, List<JsonObject> seeds) {
    Map<String, String> batch = new LinkedHashMap<>();
    seeds.forEach(user -> batch.put(user.getString("id"), user.encode()));
    return Future.fromCompletionStage(users.putAllAsync(batch), context).mapEmpty();
  }

  /** The user (with its password hash), or null. */
  Future<JsonObject> find(Context context, String username) {
    return Future.fromCompletionStage(users.getAsync(username), context)
        .map(json -> json == null ? null : new JsonObject(json));
  }

  /** @return whether the user was added (false: the name is taken) */
  Future<Boolean> add(Context context, JsonObject user) {
    // IMap has no async putIfAbsent; registrations are rare, a worker thread waits for it
    return context.executeBlocking(() -> users.putIfAbsent(user.getString("id"), user.encode()) == null, false);
  }

  static JsonObject publicView(JsonObject user) {
    return new JsonObject().put("id", user.getString("id")).put("name", user.getString("name", user.getString("id")))
        .put("roles", user.getJsonArray("roles"));
  }
}
