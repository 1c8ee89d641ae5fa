package io.squall.templates;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.time.ZoneId;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions Squall's templates get beside Pebble's own (docs in the module README):
 * {@code url(name, ...)}, {@code static_url(file)}, {@code xsrf_form_html()}, {@code linkify(text)}, {@code _(key, ...)},
 * {@code t(key, count, ...)}, {@code format_date(value, style, zone)} and {@code format_number(value, style,
 * currency)}. Their data comes from the render's context ({@code _links}, {@code xsrf_form_html}) and locale.
 */
final class SquallExtension extends AbstractExtension {

  /**
   * The context of the render running on this thread, as the caller sent it. The helpers read {@code _links} and
   * {@code xsrf_form_html} from here rather than from Pebble's scope, because a macro sees only its arguments: this
   * way {@code url()} works inside macros too, and a template's {@code set} cannot redirect it. Set and cleared by
   * {@link Renderer} around each render (renders are synchronous on one thread; no executor is given to Pebble).
   */
  static final ThreadLocal<Map<String, Object>> RENDERING = new ThreadLocal<>();

  private final Messages messages;
  private final ZoneId zone;

  SquallExtension(Messages messages, ZoneId zone) {
    this.messages = messages;
    this.zone = zone;
  }

  @Override
  public Map<String, Function> getFunctions() {
    Map<String, Function> functions = new LinkedHashMap<>();
    functions.put("url", new Fn(ANY_NAMES, (args, self, ctx, line) -> {
      List<Object> positional = positional(args, 1);
      Map<String, Object> named = new LinkedHashMap<>();
      args.forEach((k, v) -> {
        if (!isIndex(k)) {
          named.put(k, v);
        }
      });
      // url('room', {'room': 'lobby'}): a map as the only value gives the parameters by name
      if (positional.size() == 1 && positional.get(0) instanceof Map<?, ?> map) {
        map.forEach((k, v) -> named.putIfAbsent(String.valueOf(k), v));
        positional = List.of();
      }
      return Links.url(links(ctx, "routes"), string(args.get("0"), "url(): the route name"), named, positional);
    }));
    functions.put("linkify", new Fn(List.of("text"), (args, self, ctx, line) -> Linkify.html(args.get("text"))));
    functions.put("static_url", new Fn(List.of("file"), (args, self, ctx, line) ->
        Links.staticUrl(links(ctx, "static"), string(args.get("file"), "static_url(): the file"))));
    functions.put("xsrf_form_html", new Fn(List.of(), (args, self, ctx, line) -> {
      // built by the http verticle from the token alone, with the token escaped: the one context value output raw
      Object html = RENDERING.get() == null ? null : RENDERING.get().get("xsrf_form_html");
      return new SafeString(html == null ? "" : html.toString());
    }));
    functions.put("_", new Fn(null, (args, self, ctx, line) ->
        messages.translate(ctx.getLocale(), string(args.get("0"), "_(): the message key"), positional(args, 1))));
    functions.put("t", new Fn(null, (args, self, ctx, line) -> {
      String key = string(args.get("0"), "t(): the message key");
      if (!(args.get("1") instanceof Number count)) {
        throw new IllegalArgumentException("t('" + key + "', count): count must be a number, got " + args.get("1"));
      }
      return messages.plural(ctx.getLocale(), key, count.longValue(), positional(args, 2));
    }));
    functions.put("format_date", new Fn(List.of("value", "style", "zone"), (args, self, ctx, line) -> {
      Object z = args.get("zone");
      return Formats.date(args.get("value"), (String) args.get("style"), ctx.getLocale(),
          z == null ? zone : ZoneId.of(z.toString()));
    }));
    functions.put("format_number", new Fn(List.of("value", "style", "currency"), (args, self, ctx, line) ->
        Formats.number(args.get("value"), (String) args.get("style"), (String) args.get("currency"),
            ctx.getLocale())));
    return functions;
  }

  private static Map<?, ?> links(EvaluationContext ctx, String kind) {
    Map<String, Object> variables = RENDERING.get();
    return variables != null && variables.get("_links") instanceof Map<?, ?> links
        && links.get(kind) instanceof Map<?, ?> m ? m : null;
  }

  private static String string(Object value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return value.toString();
  }

  /** Positional arguments from index {@code from} on (Pebble names them "0", "1", ...). */
  private static List<Object> positional(Map<String, Object> args, int from) {
    List<Object> values = new ArrayList<>();
    for (int i = from; args.containsKey(String.valueOf(i)); i++) {
      values.add(args.get(String.valueOf(i)));
    }
    return values;
  }

  private static boolean isIndex(String key) {
    return !key.isEmpty() && key.chars().allMatch(Character::isDigit);
  }

  /**
   * Argument names that accept any named argument ({@code url('room', room='lobby')}): Pebble maps positional
   * arguments to the names by index ("0", "1", ... as for functions without names) and accepts a named argument
   * whose name the list contains.
   */
  private static final List<String> ANY_NAMES = new AbstractList<>() {
    @Override
    public String get(int index) {
      return String.valueOf(index);
    }

    @Override
    public int size() {
      return 32;
    }

    @Override
    public boolean contains(Object o) {
      return o instanceof String;
    }
  };

  private interface Body {
    Object apply(Map<String, Object> args, PebbleTemplate self, EvaluationContext ctx, int line);
  }

  /** A function whose failures name the template and line (a 500 that says where). */
  private record Fn(List<String> names, Body body) implements Function {
    @Override
    public List<String> getArgumentNames() {
      return names;
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext ctx, int line) {
      try {
        return body.apply(args, self, ctx, line);
      } catch (PebbleException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new PebbleException(e, e.getMessage(), line, self.getName());
      }
    }
  }
}
