package io.squall.auth;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The users file that seeds the user store:
 * <pre>
 * users:
 *   - username: alice
 *     name: Alice
 *     password: "$pbkdf2$it=210000$...$..."   # from `squall hash-password`; never a plain password
 *     roles: [user, admin]
 * </pre>
 * Problems are reported as {@code file:line: message}, never with a password in them.
 */
final class UsersFile {

  static final String USERNAME_PATTERN = "[a-z0-9][a-z0-9_.@-]{0,63}";

  private UsersFile() {
  }

  /** @return users as {@code {id, name, roles, password}} */
  static List<JsonObject> parse(String file, String content) {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try (JsonParser parser = mapper.getFactory().createParser(content)) {
      root = mapper.readTree(parser);
    } catch (IOException e) {
      JsonLocation where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getLocation() : null;
      throw new IllegalArgumentException(file + ":" + (where == null ? 1 : where.getLineNr()) + ": not valid YAML");
    }
    if (root == null || !root.path("users").isArray()) {
      throw new IllegalArgumentException(file + ":1: expected a list under 'users:'");
    }
    List<JsonObject> users = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root.path("users")) {
      String where = file + ":" + line(content, index) + ": users[" + index + "]";
      index++;
      String username = node.path("username").asText(null);
      String password = node.path("password").asText(null);
      if (username == null || !username.matches(USERNAME_PATTERN)) {
        problems.add(where + ": username must match " + USERNAME_PATTERN);
        continue;
      }
      if (!seen.add(username)) {
        problems.add(where + ": user '" + username + "' is listed twice");
      }
      if (!Passwords.isHash(password)) {
        // Says nothing about the value: it may be someone's real password.
        problems.add(where + ": password of '" + username + "' must be a $pbkdf2$ hash (make one with "
            + "`squall hash-password`); plain passwords are refused");
        continue;
      }
      JsonArray roles = new JsonArray();
      node.path("roles").forEach(role -> roles.add(role.asText()));
      users.add(new JsonObject().put("id", username).put("name", node.path("name").asText(username))
          .put("roles", roles).put("password", password));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return users;
  }

  /** Line of the {@code index}th list item under users (items start with "- "), for messages. */
  private static int line(String content, int index) {
    String[] lines = content.split("\n", -1);
    int item = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].stripLeading().startsWith("- ") && ++item == index) {
        return i + 1;
      }
    }
    return 1;
  }
}
