package io.squall.bridge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Who is on a socket, as the auth service or the http session vouched: the user id and roles; or nobody. */
record Identity(String user, List<String> roles) {

  static final Identity ANONYMOUS = new Identity(null, List.of());

  /** From {@code {id, name, roles}}, the user shape of squall.auth.* and of sessions. */
  static Identity of(JsonObject user) {
    if (user == null || user.getString("id") == null) {
      return null;
    }
    List<String> roles = new ArrayList<>();
    if (user.getValue("roles") instanceof JsonArray array) {
      array.forEach(r -> roles.add(String.valueOf(r)));
    }
    return new Identity(user.getString("id"), List.copyOf(roles));
  }

  boolean isAnonymous() {
    return user == null;
  }

  String rolesHeader() {
    return String.join(",", roles);
  }
}
