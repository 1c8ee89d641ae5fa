package io.squall.platform;

/** Event bus addresses and headers that Squall's verticles agree on (docs/ARCHITECTURE.md, "Event bus contracts"). */
public final class Addresses {

  public static final String TEMPLATES_RENDER = "squall.templates.render";
  public static final String AUTH_LOGIN = "squall.auth.login";
  public static final String AUTH_VERIFY = "squall.auth.verify";
  public static final String AUTH_LOGOUT = "squall.auth.logout";
  public static final String AUTH_REFRESH = "squall.auth.refresh";
  public static final String AUTH_REGISTER = "squall.auth.register";
  public static final String AUTH_OIDC_START = "squall.auth.oidc.start";
  public static final String AUTH_OIDC_CALLBACK = "squall.auth.oidc.callback";
  /**
   * Published by the auth verticle when it revokes a token (logout, {@code DELETE /auth/token}, refresh):
   * {@code {jti}}. Bridges close the sockets that token opened.
   */
  public static final String AUTH_REVOKED = "squall.auth.revoked";
  /**
   * Published by the http verticle when a logged-in session ends (logout): {@code {session}}, the session's
   * {@link Sessions#ref}. Bridges close the sockets that session's cookie opened.
   */
  public static final String SESSIONS_ENDED = "squall.sessions.ended";
  public static final String CHANNELS_PUBLISH = "squall.channels.publish";
  public static final String CHANNELS_HISTORY = "squall.channels.history";
  public static final String CHANNELS_PRESENCE = "squall.channels.presence";
  /** The bridge tells channels that a socket registered on {@code channel.<name>}. */
  public static final String CHANNELS_JOIN = "squall.channels.join";
  /** The bridge tells channels that a socket unregistered from {@code channel.<name>} or closed. */
  public static final String CHANNELS_LEAVE = "squall.channels.leave";
  /** Prefix of the address each channel publishes on: {@code channel.<name>}. */
  public static final String CHANNEL_PREFIX = "channel.";
  /** Suffix of a channel's presence address; a channel name may therefore not end with it. */
  public static final String PRESENCE_SUFFIX = ".presence";

  /** Header with the bridge-verified user id; backends trust it, never the body. */
  public static final String HEADER_USER = "squall-user";
  /** Header with the bridge-verified roles, comma-separated. */
  public static final String HEADER_ROLES = "squall-roles";
  /**
   * Header of a request that is safe to repeat because its receiver applies each key once (the HTTP
   * {@code Idempotency-Key} header and the bridge's frame header of that name travel on under it): such a request is
   * retried on another node when the one it went to dies ({@link Requests#retryable}).
   */
  public static final String HEADER_IDEMPOTENCY_KEY = "idempotency-key";

  private Addresses() {
  }

  public static String channel(String name) {
    return CHANNEL_PREFIX + name;
  }

  /** Where the join and leave events of channel {@code name} are published: {@code channel.<name>.presence}. */
  public static String presence(String name) {
    return CHANNEL_PREFIX + name + PRESENCE_SUFFIX;
  }
}
