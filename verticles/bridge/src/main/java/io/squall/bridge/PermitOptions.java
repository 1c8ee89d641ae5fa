package io.squall.bridge;

import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One permission of the bridge, inbound (browser to bus) or outbound (bus to browser): an exact {@code address} or
 * an {@code addressRegex}, optionally a {@code match} the JSON body must contain and a {@code role} the socket's user
 * must have. {@code {user}} in the address or regex stands for the socket's verified user id, so
 * {@code user.{user}.inbox} lets each user hear only their own inbox; it never matches an anonymous socket.
 */
public class PermitOptions {

  /**
   * The keys of one {@code inbound} or {@code outbound} entry. A permit names exactly one of {@code address} and
   * {@code addressRegex}, and a regex must compile ({@code {user}} stands for a user id there).
   */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.string("address", null, "Exact address this permit opens; {user} stands for the socket's verified user"
          + " id (never matches an anonymous socket)"),
      ConfigKey.string("addressRegex", null, "Regex the whole address must match (instead of address); {user} stands"
          + " for the socket's user id, quoted"),
      ConfigKey.json("match", "Body fields that must be equal (a mapping); a body that is not a JSON object never"
          + " matches"),
      ConfigKey.string("role", null, "Role the socket's user must have"))
      .rule((permit, problems) -> {
        boolean address = permit.getValue("address") != null;
        boolean regex = permit.getValue("addressRegex") != null;
        if (address == regex) {
          problems.add(address ? "addressRegex" : "", address ? "a permit takes address or addressRegex, not both"
              : "a permit needs address or addressRegex");
        }
        if (regex) {
          try {
            Pattern.compile(permit.getString("addressRegex").replace(Permits.USER, "user"));
          } catch (PatternSyntaxException e) {
            problems.add("addressRegex", "is not a regex: " + e.getDescription());
          }
        }
        if (permit.getValue("match") != null && !(permit.getValue("match") instanceof JsonObject)) {
          problems.add("match", "expected a mapping of body fields to values, e.g. {kind: move}");
        }
      });

  private String address;
  private String addressRegex;
  private JsonObject match;
  private String role;

  public PermitOptions() {
  }

  public PermitOptions(PermitOptions other) {
    this(other.toJson());
  }

  public PermitOptions(JsonObject json) {
    json = KEYS.normalize(json);
    address = json.getString("address");
    addressRegex = json.getString("addressRegex");
    match = json.getJsonObject("match");
    role = json.getString("role");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (address != null) {
      json.put("address", address);
    }
    if (addressRegex != null) {
      json.put("addressRegex", addressRegex);
    }
    if (match != null) {
      json.put("match", match.copy());
    }
    if (role != null) {
      json.put("role", role);
    }
    return json;
  }

  public String getAddress() {
    return address;
  }

  public PermitOptions setAddress(String address) {
    this.address = address;
    return this;
  }

  public String getAddressRegex() {
    return addressRegex;
  }

  public PermitOptions setAddressRegex(String addressRegex) {
    this.addressRegex = addressRegex;
    return this;
  }

  public JsonObject getMatch() {
    return match;
  }

  public PermitOptions setMatch(JsonObject match) {
    this.match = match;
    return this;
  }

  public String getRole() {
    return role;
  }

  public PermitOptions setRole(String role) {
    this.role = role;
    return this;
  }
}
