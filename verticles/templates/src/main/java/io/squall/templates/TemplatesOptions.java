package io.squall.templates;

import io.squall.platform.Addresses;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Locale;

/** The templates verticle's {@code config()}. Every key, its default and an example: verticles/templates/README.md. */
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

  public TemplatesOptions(JsonObject json) {
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

  /** @throws IllegalArgumentException naming the first bad key */
  void validate() {
    require(dir != null && !dir.isBlank(), "dir must be a folder or classpath:FOLDER");
    require(cacheSize >= 1, "cacheSize must be at least 1");
    require(messages != null && !messages.isBlank(), "messages must be a bundle location");
    require(defaultLocale != null && !Locale.forLanguageTag(defaultLocale.replace('_', '-'))
        .getLanguage().isEmpty(), "defaultLocale must be a language tag such as en or pt-BR");
    try {
      ZoneId.of(timeZone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("templates: timeZone '" + timeZone + "' is not a time zone (UTC, Europe/Paris)");
    }
    require(maxTemplateSize >= 1, "maxTemplateSize must be at least 1 byte");
    require(maxOutputSize >= 1, "maxOutputSize must be at least 1 character");
    require(workerPoolSize >= 1, "workerPoolSize must be at least 1");
    require(address != null && !address.isBlank(), "address must not be empty");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("templates: " + message);
    }
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
