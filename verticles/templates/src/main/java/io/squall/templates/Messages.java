package io.squall.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message bundles per locale, Tornado's {@code locale.translate} for Pebble: {@code messages_fr.properties},
 * {@code messages_pt_BR.properties}, ... (UTF-8) beside an optional {@code messages.properties} for every locale.
 *
 * <p>A key is looked up in the requested locale ({@code pt_BR}, then {@code pt}), then in the default locale, then
 * in the root bundle; a key found nowhere is its own message, so {@code _('Sign in')} works before any bundle exists
 * (as in Tornado, where the English text is the key). Plural forms are keys with the CLDR category as suffix
 * ({@code rooms.one}, {@code rooms.few}, {@code rooms.other}, and {@code rooms.zero} for an exact 0), chosen by
 * {@link PluralRules} for the language of the bundle the forms come from.
 *
 * <p>A message with arguments is a {@link MessageFormat} pattern (number and choice formats, locale-aware); there a
 * literal apostrophe is written {@code ''}. Messages without {@code {} are used as written.
 *
 * <p>Bundles are read once per locale and kept; in development mode a bundle whose file changed is read again.
 */
final class Messages {

  private static final Logger log = LoggerFactory.getLogger(Messages.class);
  private static final Bundle NONE = new Bundle(null, new Properties(), -1);

  private record Bundle(Locale locale, Properties properties, long version) {
  }

  private final Location location;
  private final String baseName;
  private final Locale defaultLocale;
  private final boolean dev;
  private final Map<String, Bundle> bundles = new ConcurrentHashMap<>();

  Messages(String spec, ClassLoader loader, Locale defaultLocale, boolean dev) {
    String folder;
    String base;
    boolean classpath = spec.startsWith(Location.CLASSPATH);
    if (spec.endsWith("/") || (!classpath && Files.isDirectory(Path.of(spec)))) {
      folder = spec;
      base = "messages";
    } else {
      int slash = spec.lastIndexOf('/');
      int start = classpath ? Location.CLASSPATH.length() : 0;
      folder = slash >= start ? spec.substring(0, slash) : classpath ? Location.CLASSPATH : ".";
      base = spec.substring(Math.max(slash + 1, start));
    }
    this.location = Location.of(folder, loader);
    this.baseName = base;
    this.defaultLocale = defaultLocale;
    this.dev = dev;
  }

  /** {@code _(key, args...)}: the message for {@code key} in {@code locale}, formatted with {@code args}. */
  /** How many bundles are remembered (for tests: only bundles that exist are). */
  int rememberedBundles() {
    return bundles.size();
  }

  String translate(Locale locale, String key, List<Object> args) {
    for (Bundle bundle : chain(locale)) {
      String message = bundle.properties().getProperty(key);
      if (message != null) {
        return format(message, bundle.locale(), args);
      }
    }
    return format(key, locale, args);
  }

  /**
   * {@code t(key, count, args...)}: the plural form of {@code key} for {@code count}, formatted with {@code count}
   * as {0} and {@code args} as {1}, {2}, ...
   */
  String plural(Locale locale, String key, long count, List<Object> args) {
    List<Object> all = new ArrayList<>(args.size() + 1);
    all.add(count);
    all.addAll(args);
    for (Bundle bundle : chain(locale)) {
      Properties p = bundle.properties();
      String message = count == 0 ? p.getProperty(key + ".zero") : null;
      if (message == null) {
        message = p.getProperty(key + "." + PluralRules.category(bundle.locale(), count));
      }
      if (message == null) {
        message = p.getProperty(key + ".other");
      }
      if (message == null) {
        message = p.getProperty(key);
      }
      if (message != null) {
        return format(message, bundle.locale(), all);
      }
    }
    return format(key, locale, all);
  }

  private static String format(String message, Locale locale, List<Object> args) {
    if (message.indexOf('{') < 0) {
      return message;
    }
    try {
      return new MessageFormat(message, locale).format(args.toArray());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad message pattern \"" + message + "\": " + e.getMessage(), e);
    }
  }

  /** The bundles to look in, best first: the locale, its language, the default locale, its language, the root. */
  private List<Bundle> chain(Locale locale) {
    List<String> suffixes = new ArrayList<>(5);
    addSuffixes(suffixes, locale);
    addSuffixes(suffixes, defaultLocale);
    suffixes.add("");
    List<Bundle> chain = new ArrayList<>(suffixes.size());
    for (String suffix : suffixes) {
      Bundle bundle = bundle(suffix);
      if (bundle != NONE) {
        chain.add(bundle);
      }
    }
    return chain;
  }

  private static void addSuffixes(List<String> suffixes, Locale locale) {
    String language = locale.getLanguage();
    if (language.isEmpty()) {
      return;
    }
    if (!locale.getCountry().isEmpty()) {
      String full = "_" + language + "_" + locale.getCountry();
      if (!suffixes.contains(full)) {
        suffixes.add(full);
      }
    }
    if (!suffixes.contains("_" + language)) {
      suffixes.add("_" + language);
    }
  }

  private Bundle bundle(String suffix) {
    Bundle known = bundles.get(suffix);
    if (known != null && !dev) {
      return known;
    }
    String file = baseName + suffix + ".properties";
    Location.Resource resource = location.find(file);
    long version = resource == null ? -1 : resource.version();
    if (known != null && known.version() == version) {
      return known;
    }
    if (resource == null) {
      // Not remembered: the locale comes from the request, and every made-up tag would stay in the map forever.
      bundles.remove(suffix);
      return NONE;
    }
    Bundle loaded = read(resource, file, suffix, version);
    bundles.put(suffix, loaded);
    return loaded;
  }

  private Bundle read(Location.Resource resource, String file, String suffix, long version) {
    Properties properties = new Properties();
    try (InputStream in = resource.open()) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      log.error("templates: cannot read message bundle {} in {}: {}", file, location.describe(), e.toString());
      return NONE;
    }
    Locale bundleLocale = suffix.isEmpty() ? defaultLocale
        : Locale.forLanguageTag(suffix.substring(1).replace('_', '-'));
    return new Bundle(bundleLocale, properties, version);
  }
}
