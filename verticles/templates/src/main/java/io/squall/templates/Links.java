package io.squall.templates;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code url()} and {@code static_url()} from the {@code _links} the http verticle puts in each context:
 * {@code {routes: {room: "/rooms/:room"}, static: {"app.css": "/static/app.css?v=..."}}} (Tornado's
 * {@code reverse_url} and {@code static_url}, computed where the routes and files are).
 */
final class Links {

  private Links() {
  }

  /**
   * The path of route {@code name} with its {@code :params} filled, each value percent-encoded as one path segment.
   * Values come either by name ({@code params}) or in the order the parameters appear ({@code positional}); named
   * values that are not parameters of the route become the query string, in the order given.
   *
   * @throws IllegalArgumentException for an unknown route, a missing parameter or one too many positional value
   */
  static String url(Map<?, ?> routes, String name, Map<?, ?> params, List<?> positional) {
    Object pattern = routes == null ? null : routes.get(name);
    if (!(pattern instanceof String path)) {
      throw new IllegalArgumentException("url(): no route named '" + name + "'");
    }
    Map<String, Object> query = new LinkedHashMap<>();
    if (params != null) {
      params.forEach((k, v) -> query.put(String.valueOf(k), v));
    }
    StringBuilder out = new StringBuilder(path.length() + 16);
    int next = 0;
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == ':' && (i == 0 || path.charAt(i - 1) == '/')) {
        int end = i + 1;
        while (end < path.length() && isParamChar(path.charAt(end))) {
          end++;
        }
        String param = path.substring(i + 1, end);
        Object value;
        if (query.containsKey(param)) {
          value = query.remove(param);
        } else if (next < positional.size()) {
          value = positional.get(next++);
        } else {
          throw new IllegalArgumentException("url('" + name + "'): missing parameter '" + param + "'");
        }
        if (value == null) {
          throw new IllegalArgumentException("url('" + name + "'): parameter '" + param + "' is null");
        }
        out.append(encodeSegment(String.valueOf(value)));
        i = end;
      } else if (c == '*' && i == path.length() - 1) {
        // "/static/*": the rest is whatever the caller gives as the next value (already a path; segments encoded)
        if (next < positional.size()) {
          String rest = String.valueOf(positional.get(next++));
          out.append(encodePath(rest.startsWith("/") ? rest.substring(1) : rest));
        }
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    if (next < positional.size()) {
      throw new IllegalArgumentException("url('" + name + "'): more values than parameters in " + path);
    }
    if (!query.isEmpty()) {
      StringBuilder q = new StringBuilder();
      query.forEach((k, v) -> {
        if (v != null) {
          q.append(q.length() == 0 ? '?' : '&').append(encodeQuery(k)).append('=').append(encodeQuery(String.valueOf(v)));
        }
      });
      out.append(q);
    }
    return out.toString();
  }

  /** The versioned URL the http verticle computed for {@code file}, or {@code /static/<file>} when it has none. */
  static String staticUrl(Map<?, ?> statics, String file) {
    String relative = file.startsWith("/") ? file.substring(1) : file;
    Object known = statics == null ? null : statics.get(relative);
    return known instanceof String url ? url : "/static/" + encodePath(relative);
  }

  // Vert.x Web path parameter names: letters, digits, '_' and '$'
  private static boolean isParamChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  static String encodeSegment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encodePath(String path) {
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = encodeSegment(segments[i]);
    }
    return String.join("/", segments);
  }

  private static String encodeQuery(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
