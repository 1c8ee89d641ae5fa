package io.squall.platform;

import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The last few message ids a subscriber passed on. A channel message can be stored twice, under two seqs, when
 * Hazelcast retries an add whose member left (hazelcast/hazelcast#7270); both copies carry the publish's one
 * {@code id}, and the copies lie close together, so a short memory is enough to drop the second. Not thread-safe:
 * one per subscriber, on its event loop.
 */
public final class RecentIds {

  /** How many ids back subscribers look: a retry lands within moments of the first add (client.js uses it too). */
  public static final int DEFAULT_CAPACITY = 64;

  private final int capacity;
  private final LinkedHashSet<String> ids = new LinkedHashSet<>();

  public RecentIds() {
    this(DEFAULT_CAPACITY);
  }

  public RecentIds(int capacity) {
    this.capacity = capacity;
  }

  /** The {@code id} of a channel message (or stored record); null for a body without one. */
  public static String idOf(Object body) {
    return body instanceof JsonObject json && json.getValue("id") instanceof String id ? id : null;
  }

  /** True unless {@code id} is among the last ids offered; a null id (a message without one) is always new. */
  public boolean firstTime(String id) {
    if (id == null) {
      return true;
    }
    if (!ids.add(id)) {
      return false;
    }
    if (ids.size() > capacity) {
      Iterator<String> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }
}
