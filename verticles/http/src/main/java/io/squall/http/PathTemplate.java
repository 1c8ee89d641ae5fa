package io.squall.http;

import io.vertx.ext.web.RoutingContext;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /rooms/{room}/info} or {@code room.{room}} filled with the request's path parameters. */
final class PathTemplate {

  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");

  private PathTemplate() {
  }

  /**
   * @param value turns a parameter (null when absent) into its text in the result, or null to refuse it
   * @return the filled template, or null when a parameter was refused
   */
  static String expand(String template, RoutingContext ctx, UnaryOperator<String> value) {
    Matcher m = PARAM.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String text = value.apply(ctx.pathParam(m.group(1)));
      if (text == null) {
        return null;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
