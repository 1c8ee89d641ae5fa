package io.squall.bridge;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bridge's permission rules (deny-all: a message passes only if some permit matches). A permit matches an
 * address exactly or by regex (whole address), then optionally the body ({@code match}: every field equal) and the
 * user's role. {@code {user}} in an address or regex is the socket's verified user id (quoted in a regex).
 */
final class Permits {

  static final String USER = "{user}";
  /**
   * Vert.x's own addresses: reply addresses ({@code __vertx.reply.<n>}, sequential on a standalone node, so guessable)
   * and internal ones. No permit opens them, however broad its regex: a browser may answer only the reply addresses
   * the bridge delivered to it (BridgeSocket keeps those), and must never listen on one (a second consumer there would
   * take replies meant for someone else).
   */
  static final String VERTX_INTERNAL = "__vertx.";

  private final List<Permit> permits;
  private final boolean bodyMatch;

  private record Permit(PermitOptions options, Pattern regex) {
  }

  Permits(List<PermitOptions> options) {
    this.permits = options.stream().map(o -> new Permit(o,
        o.getAddress() == null && !o.getAddressRegex().contains(USER) ? Pattern.compile(o.getAddressRegex()) : null))
        .toList();
    this.bodyMatch = options.stream().anyMatch(o -> o.getMatch() != null);
  }

  /** Whether some permit has a {@code match}: only then must each message's body be checked, socket by socket. */
  boolean hasBodyMatch() {
    return bodyMatch;
  }

  /** Whether a registration may listen at {@code address} (bodies are checked per message when permits match them). */
  boolean allowsAddress(String address, Identity identity) {
    if (address.startsWith(VERTX_INTERNAL)) {
      return false;
    }
    for (Permit permit : permits) {
      if (addressMatches(permit, address, identity)
          && (permit.options().getRole() == null || identity.roles().contains(permit.options().getRole()))) {
        return true;
      }
    }
    return false;
  }

  boolean allows(String address, Object body, Identity identity) {
    if (address.startsWith(VERTX_INTERNAL)) {
      return false;
    }
    for (Permit permit : permits) {
      if (addressMatches(permit, address, identity) && bodyMatches(permit.options().getMatch(), body)
          && (permit.options().getRole() == null || identity.roles().contains(permit.options().getRole()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean addressMatches(Permit permit, String address, Identity identity) {
    String exact = permit.options().getAddress();
    if (exact != null) {
      if (!exact.contains(USER)) {
        return exact.equals(address);
      }
      return !identity.isAnonymous() && exact.replace(USER, identity.user()).equals(address);
    }
    if (permit.regex() != null) {
      return permit.regex().matcher(address).matches();
    }
    return !identity.isAnonymous()
        && Pattern.compile(permit.options().getAddressRegex().replace(USER, Pattern.quote(identity.user())))
        .matcher(address).matches();
  }

  private static boolean bodyMatches(JsonObject match, Object body) {
    if (match == null) {
      return true;
    }
    if (!(body instanceof JsonObject json)) {
      return false;
    }
    for (Map.Entry<String, Object> field : match) {
      if (!field.getValue().equals(json.getValue(field.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
