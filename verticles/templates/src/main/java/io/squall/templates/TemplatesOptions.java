package io.squall.templates;

import io.squall.platform.Addresses;
import io.squall.platform.ConfigKey;
import io.squall.platform.ConfigKeys;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The templates verticle's {@code config()}. Every key is declared in {@link #KEYS}; verticles/templates/README.md
 * carries the table generated from them, and an example.
 */
public class TemplatesOptions {

  public static final String DEFAULT_DIR = "classpath:templates";
  public static final boolean DEFAULT_DEV = false;
  public static final int DEFAULT_CACHE_SIZE = 500;
  public static final String DEFAULT_MESSAGES = "classpath:i18n/messages";
  public static final String DEFAULT_LOCALE = "en";
  public static final String DEFAULT_TIME_ZONE = "UTC";
  public static final int DEFAULT_MAX_TEMPLATE_SIZE = 1024 * 1024;
  public static final int DEFAULT_MAX_OUTPUT_SIZE = 8 * 1024 * 1024;
  public static final boolean DEFAULT_STRICT_VARIABLES = false;
  public static final int DEFAULT_WORKER_POOL_SIZE = 4;
  public static final String DEFAULT_ADDRESS = Addresses.TEMPLATES_RENDER;

  private static final String NOT_BLANK = ".*\\S.*";

  /** Every key of the templates verticle's config, with its default and meaning. */
  public static final ConfigKeys KEYS = ConfigKeys.of(
      ConfigKey.string("dir", DEFAULT_DIR, "Where templates are: a folder (absolute, or relative to the working"
          + " directory) or classpath:FOLDER.").dir(),
      ConfigKey.bool("dev", DEFAULT_DEV, "Development mode: a template, layout, include or message bundle edited on"
          + " disk is read again on the next render; replies to a 500 also carry Pebble's own message"),
      ConfigKey.integer("cacheSize", DEFAULT_CACHE_SIZE, 1, Integer.MAX_VALUE, "Compiled templates kept (least"
          + " recently used out first); also bounds Pebble's {% cache %} tag"),
      ConfigKey.string("messages", DEFAULT_MESSAGES, "Message bundles: a base name (classpath:i18n/messages gives"
          + " i18n/messages_fr.properties, ...) or a folder (i18n/, or an existing directory:"
          + " FOLDER/messages_*.properties)").pattern(NOT_BLANK, "a bundle location"),
      ConfigKey.string("defaultLocale", DEFAULT_LOCALE, "The locale of a request that names none (or an unknown"
          + " tag), and the fallback bundle for keys a locale lacks"),
      ConfigKey.string("timeZone", DEFAULT_TIME_ZONE, "The zone of format_date: an IANA name such as Europe/Paris,"
          + " or UTC"),
      ConfigKey.size("maxTemplateSize", (long) DEFAULT_MAX_TEMPLATE_SIZE, "Largest template file (a bigger one is a"
          + " 500)").range(1, Integer.MAX_VALUE),
      ConfigKey.size("maxOutputSize", (long) DEFAULT_MAX_OUTPUT_SIZE, "Most characters a render may produce (a macro"
          + " bomb or a runaway loop is a 500, not an out-of-memory); 8MiB is 8,388,608 characters")
          .range(1, Integer.MAX_VALUE),
      ConfigKey.bool("strictVariables", DEFAULT_STRICT_VARIABLES, "A variable or attribute missing from the context"
          + " is a 500 instead of an empty string"),
      ConfigKey.integer("workerPoolSize", DEFAULT_WORKER_POOL_SIZE, 1, Integer.MAX_VALUE, "Threads that render (a"
          + " pool per node, shared by all instances of the verticle)"),
      ConfigKey.string("address", DEFAULT_ADDRESS, "The address served; leave it unless two template sets must"
          + " coexist").pattern(NOT_BLANK, "an event bus address"))
      .rule((config, problems) -> {
        String tag = config.getString("defaultLocale", DEFAULT_LOCALE);
        if (Locale.forLanguageTag(tag.replace('_', '-')).getLanguage().isEmpty()) {
          problems.add("defaultLocale", "'" + tag + "' is not a language tag such as en or pt-BR");
        }
      })
      .rule((config, problems) -> {
        String zone = config.getString("timeZone", DEFAULT_TIME_ZONE);
        try {
          ZoneId.of(zone);
        } catch (DateTimeException e) {
          problems.add("timeZone", "'" + zone + "' is not a time zone (UTC, Europe/Paris)");
        }
      });

  private String dir = DEFAULT_DIR;
  private boolean dev = DEFAULT_DEV;
  private int cacheSize = DEFAULT_CACHE_SIZE;
  private String messages = DEFAULT_MESSAGES;
  private String defaultLocale = DEFAULT_LOCALE;
  private String timeZone = DEFAULT_TIME_ZONE;
  private int maxTemplateSize = DEFAULT_MAX_TEMPLATE_SIZE;
  private int maxOutputSize = DEFAULT_MAX_OUTPUT_SIZE;
  private boolean strictVariables = DEFAULT_STRICT_VARIABLES;
  private int workerPoolSize = DEFAULT_WORKER_POOL_SIZE;
  private String address = DEFAULT_ADDRESS;

  public TemplatesOptions() {
  }

  public TemplatesOptions(TemplatesOptions other) {
    this(other.toJson());
  }

  /** Reads {@code json} as {@link #KEYS} declare it ({@code maxTemplateSize: 2MiB}). */
  public TemplatesOptions(JsonObject json) {
    json = KEYS.normalize(json);
    dir = json.getString("dir", DEFAULT_DIR);
    dev = json.getBoolean("dev", DEFAULT_DEV);
    cacheSize = json.getInteger("cacheSize", DEFAULT_CACHE_SIZE);
    messages = json.getString("messages", DEFAULT_MESSAGES);
    defaultLocale = json.getString("defaultLocale", DEFAULT_LOCALE);
    timeZone = json.getString("timeZone", DEFAULT_TIME_ZONE);
    maxTemplateSize = json.getInteger("maxTemplateSize", DEFAULT_MAX_TEMPLATE_SIZE);
    maxOutputSize = json.getInteger("maxOutputSize", DEFAULT_MAX_OUTPUT_SIZE);
    strictVariables = json.getBoolean("strictVariables", DEFAULT_STRICT_VARIABLES);
    workerPoolSize = json.getInteger("workerPoolSize", DEFAULT_WORKER_POOL_SIZE);
    address = json.getString("address", DEFAULT_ADDRESS);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("dir", dir).put("dev", dev).put("cacheSize", cacheSize).put("messages", messages)
        .put("defaultLocale", defaultLocale).put("timeZone", timeZone)
        .put("maxTemplateSize", maxTemplateSize).put("maxOutputSize", maxOutputSize)
        .put("strictVariables", strictVariables).put("workerPoolSize", workerPoolSize).put("address", address);
  }

  public String getDir() {
    return dir;
  }

  public TemplatesOptions setDir(String dir) {
    this.dir = dir;
    return this;
  }

  public boolean isDev() {
    return dev;
  }

  public TemplatesOptions setDev(boolean dev) {
    this.dev = dev;
    return this;
  }

  public int getCacheSize() {
    return cacheSize;
  }

  public TemplatesOptions setCacheSize(int cacheSize) {
    this.cacheSize = cacheSize;
    return this;
  }

  public String getMessages() {
    return messages;
  }

  public TemplatesOptions setMessages(String messages) {
    this.messages = messages;
    return this;
  }

  public String getDefaultLocale() {
    return defaultLocale;
  }

  public TemplatesOptions setDefaultLocale(String defaultLocale) {
    this.defaultLocale = defaultLocale;
    return this;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public TemplatesOptions setTimeZone(String timeZone) {
    this.timeZone = timeZone;
    return this;
  }

  public int getMaxTemplateSize() {
    return maxTemplateSize;
  }

  public TemplatesOptions setMaxTemplateSize(int maxTemplateSize) {
    this.maxTemplateSize = maxTemplateSize;
    return this;
  }

  public int getMaxOutputSize() {
    return maxOutputSize;
  }

  public TemplatesOptions setMaxOutputSize(int maxOutputSize) {
    this.maxOutputSize = maxOutputSize;
    return this;
  }

  public boolean isStrictVariables() {
    return strictVariables;
  }

  public TemplatesOptions setStrictVariables(boolean strictVariables) {
    this.strictVariables = strictVariables;
    return this;
  }

  public int getWorkerPoolSize() {
    return workerPoolSize;
  }

  public TemplatesOptions setWorkerPoolSize(int workerPoolSize) {
    this.workerPoolSize = workerPoolSize;
    return this;
  }

  public String getAddress() {
    return address;
  }

  public TemplatesOptions setAddress(String address) {
    this.address = address;
    return this;
  }
}
