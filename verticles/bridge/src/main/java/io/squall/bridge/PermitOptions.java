package io.squall.bridge;

import io.vertx.core.json.JsonObject;

/**
 * One permission of the bridge, inbound (browser to bus) or outbound (bus to browser): an exact {@code address} or
 * an {@code addressRegex}, optionally a {@code match} the JSON body must contain and a {@code role} the socket's user
 * must have. {@code {user}} in the address or regex stands for the socket's verified user id, so
 * {@code user.{user}.inbox} lets each user hear only their own inbox; it never matches an anonymous socket.
 */
public class PermitOptions {

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
