package io.squall.channels;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Who is on one channel: the sockets the bridges registered on it, by node and socket id, each with its user. The
 * value of one entry of the presence map; {@link PresenceUpdates} change it atomically on the member that owns it,
 * which is what makes "first socket of a user" and "last socket of a user" exact across the cluster.
 *
 * <p>Java-serializable because a member's serializers are fixed when it starts and this module cannot add any then.
 */
final class ChannelMembers implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * How long a leave that arrived before its join is remembered. Join and leave of one socket may be handled by two
   * verticle instances (or nodes) and reach the store in the wrong order; without this the late join would leave a
   * member that never goes away.
   */
  static final long EARLY_LEAVE_MILLIS = 60_000;

  record Socket(String user, long since, String node) implements Serializable {
  }

  private final HashMap<String, Socket> sockets = new HashMap<>();
  /** Sockets per user, so that first and last are known without a scan. */
  private final HashMap<String, Integer> users = new HashMap<>();
  /** Leaves whose join has not been seen: key to when. */
  private final HashMap<String, Long> earlyLeaves = new HashMap<>();

  /** Node and socket ids are any strings; the length prefix keeps ("a b", "c") and ("a", "b c") apart. */
  static String key(String node, String socket) {
    return node.length() + ":" + node + socket;
  }

  /** @return true when this is the user's first socket here; false also for a join its leave already cancelled */
  boolean join(String key, Socket socket, long now) {
    forgetOldLeaves(now);
    if (earlyLeaves.remove(key) != null || sockets.containsKey(key)) {
      return false;
    }
    sockets.put(key, socket);
    return users.merge(socket.user(), 1, Integer::sum) == 1;
  }

  /** @return the user when this was their last socket here, else null */
  String leave(String key, long now) {
    forgetOldLeaves(now);
    Socket socket = sockets.remove(key);
    if (socket == null) {
      earlyLeaves.put(key, now);
      return null;
    }
    return release(socket.user()) ? socket.user() : null;
  }

  /** Removes every socket of {@code node}; returns the users who have no socket left here. */
  List<String> removeNode(String node, long now) {
    forgetOldLeaves(now);
    List<String> gone = new ArrayList<>();
    for (Iterator<Socket> it = sockets.values().iterator(); it.hasNext(); ) {
      Socket socket = it.next();
      if (socket.node().equals(node)) {
        it.remove();
        if (release(socket.user())) {
          gone.add(socket.user());
        }
      }
    }
    return gone;
  }

  /** Each user once, with the earliest {@code since} of their sockets. */
  Map<String, Long> usersSince() {
    Map<String, Long> since = new HashMap<>();
    sockets.values().forEach(s -> since.merge(s.user(), s.since(), Math::min));
    return since;
  }

  boolean isEmpty() {
    return sockets.isEmpty() && earlyLeaves.isEmpty();
  }

  int sockets() {
    return sockets.size();
  }

  private boolean release(String user) {
    return users.compute(user, (u, n) -> n == null || n <= 1 ? null : n - 1) == null;
  }

  private void forgetOldLeaves(long now) {
    if (!earlyLeaves.isEmpty()) {
      earlyLeaves.values().removeIf(at -> now - at > EARLY_LEAVE_MILLIS);
    }
  }
}
