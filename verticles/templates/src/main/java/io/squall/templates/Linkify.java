package io.squall.templates;

import io.pebbletemplates.pebble.extension.escaper.SafeString;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code linkify(text)}: user text as HTML with its http(s) links clickable. Everything is escaped; only
 * {@code http://} and {@code https://} URLs become links (never {@code javascript:} or {@code data:}), opened in a
 * new tab with {@code rel="nofollow noopener noreferrer"}; trailing punctuation stays text.
 */
final class Linkify {

  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+", Pattern.CASE_INSENSITIVE);
  private static final String TRAILING = ".,;:!?)]}";

  private Linkify() {
  }

  static SafeString html(Object text) {
    String s = text == null ? "" : text.toString();
    StringBuilder out = new StringBuilder(s.length() + 32);
    Matcher m = URL.matcher(s);
    int at = 0;
    while (m.find()) {
      int end = m.end();
      while (end > m.start() && TRAILING.indexOf(s.charAt(end - 1)) >= 0) {
        end--;
      }
      String url = s.substring(m.start(), end);
      out.append(escape(s.substring(at, m.start())))
          .append("<a href=\"").append(escape(url)).append("\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">")
          .append(escape(url)).append("</a>");
      at = end;
    }
    return new SafeString(out.append(escape(s.substring(at))).toString());
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
