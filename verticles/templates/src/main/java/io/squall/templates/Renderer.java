package io.squall.templates;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.cache.CacheKey;
import io.pebbletemplates.pebble.cache.tag.NoOpTagCache;
import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.error.ParserException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.escaper.EscapeFilter;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.squall.platform.Failures;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pebble behind the {@code squall.templates.render} contract: finds, compiles (once, cached) and renders a template,
 * and turns every way that can fail into a {@link ReplyException} with an HTTP status (docs/ARCHITECTURE.md):
 * 400 for a bad request, 404 for a page template that does not exist, 500 for a syntax error or a render that fails.
 *
 * <p>Escaping follows the page template's file type ({@link #strategy}): HTML by default, JavaScript, JSON or CSS
 * for {@code .js.peb}, {@code .json.peb}, {@code .css.peb}, none for {@code .txt.peb}. There is one Pebble engine
 * per strategy (made on first use); they share the loader's folder and one cache of compiled templates.
 *
 * <p>Thread-safe: renders run in parallel on the verticle's worker pool.
 *
 * <p>Public for bench/java's PebbleBench, which measures renders through this class (the engines, escaping, helpers
 * and context conversion the verticle uses) rather than through an engine of its own.
 */
public final class Renderer {

  private static final Logger log = LoggerFactory.getLogger(Renderer.class);
  static final String NO_ESCAPING = "none";

  private final TemplatesOptions options;
  private final Location location;
  private final Messages messages;
  private final ZoneId zone;
  private final Locale defaultLocale;
  private final LruCache<Object, PebbleTemplate> cache;
  private final LruCache<CacheKey, Object> tagCache;
  private final Map<String, PebbleEngine> engines = new ConcurrentHashMap<>();
  private final Map<String, TemplateLoader> loaders = new ConcurrentHashMap<>();

  /**
   * @param classLoader where {@code classpath:} folders (templates, message bundles) are looked up
   * @throws IllegalArgumentException for options that cannot work (a template folder that does not exist)
   */
  public Renderer(TemplatesOptions options, ClassLoader classLoader) {
    // the verticle's config check, for Java users too; classpath: folders are looked up where they will be read
    TemplatesOptions.KEYS.validate("templates", options.toJson(), classLoader);
    this.options = options;
    this.location = Location.of(options.getDir(), classLoader);
    this.defaultLocale = Locale.forLanguageTag(options.getDefaultLocale().replace('_', '-'));
    this.messages = new Messages(options.getMessages(), classLoader, defaultLocale, options.isDev());
    this.zone = ZoneId.of(options.getTimeZone());
    this.cache = new LruCache<>(options.getCacheSize(), options.isDev() ? this::version : null);
    this.tagCache = new LruCache<>(options.getCacheSize(), null);
  }

  /**
   * Renders {@code name} with {@code context} in {@code localeTag} (or the context's {@code locale}, or the default).
   *
   * @throws ReplyException with the HTTP status of what went wrong; its message is safe for a log and for the caller
   */
  public String render(String name, JsonObject context, String localeTag) {
    String refused = Location.checkName(name);
    if (refused != null) {
      throw Failures.badRequest("bad template name: " + refused);
    }
    Map<String, Object> variables = context == null ? new LinkedHashMap<>() : plainMap(context.getMap());
    Locale locale = locale(localeTag != null ? localeTag : variables.get("locale"));
    variables.putIfAbsent("locale", locale.toLanguageTag());

    PebbleTemplate template;
    try {
      template = engine(strategy(name)).getTemplate(name);
    } catch (TemplateLoader.NotFound e) {
      if (log.isDebugEnabled()) {
        log.debug("templates: {} not found in {}", name, location.describe());
      }
      throw Failures.notFound("template " + name + " not found");
    } catch (PebbleException e) {
      throw failure(name, e);
    }
    // the helpers' data, apart from Pebble's scope (which a template's {% set %} writes to)
    Map<String, Object> helpers = new HashMap<>(4);
    helpers.put("_links", variables.get("_links"));
    helpers.put("xsrf_form_html", variables.get("xsrf_form_html"));
    SquallExtension.RENDERING.set(helpers);
    RenderWriter out = RenderWriter.open();
    try {
      template.evaluate(out, variables, locale);
      return out.finish();
    } catch (PebbleException e) {
      throw failure(name, e);
    } catch (IOException | RuntimeException e) {
      log.error("templates: {} failed to render", name, e);
      throw Failures.of(Failures.INTERNAL, "template " + name + " failed to render"
          + (options.isDev() ? ": " + e : ""));
    } finally {
      out.release();
      SquallExtension.RENDERING.remove();
    }
  }

  /**
   * A 500 naming the template and line. Pebble's own message (which may quote the template or a value from the
   * context) is logged, and added to the reply only in development mode: the http verticle never shows a 500's
   * message to users, but other callers might.
   */
  private ReplyException failure(String page, PebbleException e) {
    String file = e.getFileName() != null ? e.getFileName() : page;
    String where = e.getLineNumber() != null ? file + " line " + e.getLineNumber() : file;
    String detail = e.getPebbleMessage() != null ? e.getPebbleMessage() : String.valueOf(e.getMessage());
    String what = e instanceof ParserException ? "syntax error in template " + where
        // the loader's own messages name files only ("template x.peb not found"): fine to reply with
        : e instanceof LoaderException ? "template " + page + ": " + detail
        : "template " + page + " failed to render at " + where;
    String full = e instanceof LoaderException ? what : what + ": " + detail;
    // a helper's own complaint (IllegalArgumentException: "missing parameter 'room'") needs no stack trace
    Throwable cause = e.getCause() instanceof IllegalArgumentException ? null : e.getCause();
    log.error("templates: {}", full, cause);
    return Failures.of(Failures.INTERNAL, options.isDev() ? full : what);
  }

  /**
   * The escaping of a page by its file name: {@code x.html.peb}, {@code x.peb} and unknown types are HTML (the safe
   * default); {@code x.js.peb} JavaScript, {@code x.json.peb} JSON, {@code x.css.peb} CSS; {@code x.txt.peb}
   * (and .text, .md, .csv) none. Included and parent templates are escaped as the page that uses them.
   */
  static String strategy(String name) {
    String base = name.endsWith(".peb") ? name.substring(0, name.length() - 4)
        : name.endsWith(".pebble") ? name.substring(0, name.length() - 7) : name;
    int slash = base.lastIndexOf('/');
    int dot = base.lastIndexOf('.');
    String type = dot > slash ? base.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    return switch (type) {
      case "js", "mjs" -> "js";
      case "json" -> "json";
      case "css" -> "css";
      case "txt", "text", "md", "csv" -> NO_ESCAPING;
      default -> "html";
    };
  }

  private PebbleEngine engine(String strategy) {
    return engines.computeIfAbsent(strategy, s -> {
      TemplateLoader loader = new TemplateLoader(location, s, options.getMaxTemplateSize());
      loaders.put(s, loader);
      PebbleEngine.Builder builder = new PebbleEngine.Builder()
          .loader(loader)
          .templateCache(cache)
          .tagCache(options.isDev() ? new NoOpTagCache() : tagCache)
          .strictVariables(options.isStrictVariables())
          .defaultLocale(defaultLocale)
          // Pebble enforces this in every writer of a render, including those of macros and parent()/block(): the
          // macro-bomb guard. It is not free (an atomic add per write, per level of extends/include, about a fifth
          // of bench/run templates' page), but counting only the page's own writer would miss a macro's output.
          .maxRenderedSize(options.getMaxOutputSize())
          .extension(new SquallExtension(messages, zone))
          // the same escaping as Pebble's own html strategy, faster (see HtmlEscaper); also for escape('html')
          .addEscapingStrategy(EscapeFilter.HTML_ESCAPE_STRATEGY, HtmlEscaper.INSTANCE);
      if (NO_ESCAPING.equals(s)) {
        builder.autoEscaping(false);
      } else {
        builder.autoEscaping(true).defaultEscapingStrategy(s);
      }
      return builder.build();
    });
  }

  private long version(Object key) {
    if (key instanceof TemplateLoader.Key k) {
      TemplateLoader loader = loaders.get(k.strategy());
      return loader == null ? -1 : loader.version(k);
    }
    return 0;
  }

  private Locale locale(Object tag) {
    if (tag == null || tag.toString().isBlank()) {
      return defaultLocale;
    }
    Locale locale = Locale.forLanguageTag(tag.toString().replace('_', '-'));
    return locale.getLanguage().isEmpty() ? defaultLocale : locale;
  }

  long cacheHits() {
    return cache.hits();
  }

  long cacheMisses() {
    return cache.misses();
  }

  /**
   * JSON as Pebble reads it best: plain maps and lists all the way down (JsonObject values nest either way).
   *
   * <p>Runs on every render, over every value of the context. The common values (strings, numbers, booleans) are
   * recognized first, by class: asked first whether they are a Map or a List, a String takes the JVM's slow path for
   * an interface it does not implement, which made this conversion cost about 11 us of a 50-row page instead of 3.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> plainMap(Map<?, ?> map) {
    Map<Object, Object> plain = new LinkedHashMap<>((int) ((map.size() + 1) / 0.75f) + 1); // + 1: room for locale
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      plain.put(entry.getKey(), plain(entry.getValue()));
    }
    return (Map<String, Object>) (Map<?, ?>) plain;
  }

  private static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof JsonObject o) {
      return plainMap(o.getMap());
    }
    if (value instanceof JsonArray a) {
      return plainList(a.getList());
    }
    if (value instanceof Map<?, ?> m) {
      return plainMap(m);
    }
    if (value instanceof List<?> l) {
      return plainList(l);
    }
    return value;
  }

  private static List<Object> plainList(List<?> list) {
    List<Object> plain = new ArrayList<>(list.size());
    for (Object value : list) {
      plain.add(plain(value));
    }
    return plain;
  }
}
