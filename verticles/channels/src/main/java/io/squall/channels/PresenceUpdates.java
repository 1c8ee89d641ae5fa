package io.squall.channels;

import com.hazelcast.map.EntryProcessor;
import java.util.ArrayList;
import java.util.Map;

/**
 * The changes to a channel's {@link ChannelMembers}, as entry processors: each runs on the member that owns the
 * channel's entry, one at a time per entry, so two joins of one user on two nodes cannot both be "first".
 *
 * <p>The backup replica runs the same processor (Hazelcast's default), so each must depend only on its own fields
 * and the entry: the time comes in with the processor, it is never read where the processor runs.
 */
final class PresenceUpdates {

  private PresenceUpdates() {
  }

  /** A socket registered on the channel; the result says whether it is the user's first socket there. */
  record Join(String key, String user, String node, long now)
      implements EntryProcessor<String, ChannelMembers, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, ChannelMembers> entry) {
      ChannelMembers members = entry.getValue() != null ? entry.getValue() : new ChannelMembers();
      boolean first = members.join(key, new ChannelMembers.Socket(user, now, node), now);
      entry.setValue(members.isEmpty() ? null : members);
      return first;
    }
  }

  /** A socket unregistered or closed; the result is the user when it was their last socket there, else null. */
  record Leave(String key, long now) implements EntryProcessor<String, ChannelMembers, String> {

    @Override
    public String process(Map.Entry<String, ChannelMembers> entry) {
      ChannelMembers members = entry.getValue() != null ? entry.getValue() : new ChannelMembers();
      String last = members.leave(key, now);
      entry.setValue(members.isEmpty() ? null : members);
      return last;
    }
  }

  /** A node left the cluster: its sockets go. The result lists the users who have no socket left (null if none). */
  record RemoveNode(String node, long now) implements EntryProcessor<String, ChannelMembers, ArrayList<String>> {

    @Override
    public ArrayList<String> process(Map.Entry<String, ChannelMembers> entry) {
      ChannelMembers members = entry.getValue();
      if (members == null) {
        return null;
      }
      int before = members.sockets();
      ArrayList<String> gone = new ArrayList<>(members.removeNode(node, now));
      if (members.sockets() != before || members.isEmpty()) {
        entry.setValue(members.isEmpty() ? null : members);
      }
      return gone.isEmpty() ? null : gone;
    }
  }
}
