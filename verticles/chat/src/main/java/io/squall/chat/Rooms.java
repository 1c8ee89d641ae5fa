package io.squall.chat;

import java.util.regex.Pattern;

/** Room names: short, lower case, URL- and address-safe (a room is the channel {@code room.<name>}). */
final class Rooms {

  static final String PATTERN = "[a-z0-9][a-z0-9-]{0,39}";
  private static final Pattern NAME = Pattern.compile(PATTERN);

  private Rooms() {
  }

  static boolean isName(String room) {
    return room != null && NAME.matcher(room).matches();
  }

  static String channel(String room) {
    return "room." + room;
  }
}
