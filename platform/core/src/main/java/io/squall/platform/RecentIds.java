package io.squall.platform;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The last few message ids a subscriber passed on. A channel message can be stored twice, under two seqs, when
 * Hazelcast retries an add whose member left (hazelcast/hazelcast#7270); both copies carry the publish's one
 * {@code id}, and the copies lie close together, so a short memory is enough to drop the second. Not thread-safe:
 * one per subscriber, on its event loop.
 */
public final class RecentIds {

  private final int capacity;
  private final LinkedHashSet<String> ids = new LinkedHashSet<>();

  public RecentIds(int capacity) {
    this.capacity = capacity;
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
