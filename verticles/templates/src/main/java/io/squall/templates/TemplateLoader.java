package io.squall.templates;

import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.utils.PathUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Pebble's view of a {@link Location}: names are checked ({@link Location#checkName}), sources are UTF-8 and at most
 * {@code maxTemplateSize} bytes. One loader per escaping strategy: the strategy is part of the cache key, because
 * the same file compiled under two strategies gives two different templates.
 */
final class TemplateLoader implements Loader<TemplateLoader.Key> {

  /** What Pebble caches a compiled template under. */
  record Key(String strategy, String name) {
  }

  /** The named template does not exist (a 404 when it is the page asked for, a 500 when included). */
  static final class NotFound extends LoaderException {
    NotFound(String name) {
      super(null, "template " + name + " not found");
    }
  }

  private final Location location;
  private final String strategy;
  private final int maxTemplateSize;

  TemplateLoader(Location location, String strategy, int maxTemplateSize) {
    this.location = location;
    this.strategy = strategy;
    this.maxTemplateSize = maxTemplateSize;
  }

  @Override
  public Reader getReader(Key key) {
    Location.Resource resource = find(key.name());
    if (resource == null) {
      throw new NotFound(key.name());
    }
    try (InputStream in = resource.open()) {
      byte[] bytes = in.readNBytes(maxTemplateSize + 1);
      if (bytes.length > maxTemplateSize) {
        throw new LoaderException(null, "template " + key.name() + " is larger than maxTemplateSize ("
            + maxTemplateSize + " bytes)");
      }
      return new StringReader(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the exception's message may hold an absolute path: it goes to the log (as the cause), not to the reply
      throw new LoaderException(e, "cannot read template " + key.name());
    }
  }

  /** The file behind a name, or null (also for a refused name). */
  Location.Resource find(String name) {
    return Location.checkName(name) == null ? location.find(name) : null;
  }

  /** For the cache in development mode: changes when the template's file does. */
  long version(Key key) {
    Location.Resource resource = find(key.name());
    return resource == null ? -1 : resource.version();
  }

  @Override
  public void setCharset(String charset) {
    // always UTF-8
  }

  @Override
  public void setPrefix(String prefix) {
    // the location is the prefix
  }

  @Override
  public void setSuffix(String suffix) {
    // names carry their suffix (room.peb), as the http verticle's routes give them
  }

  /** {@code ./x.peb} and {@code ../x.peb} are relative to the including template; other names to the folder. */
  @Override
  public String resolveRelativePath(String relativePath, String anchorPath) {
    // asked on every include and extends of every render: a name that does not start with '.' is not relative
    // (PathUtils would say the same, after two regex replacements)
    if (relativePath == null || relativePath.isEmpty() || relativePath.charAt(0) != '.') {
      return null;
    }
    return PathUtils.resolveRelativePath(relativePath, anchorPath, '/');
  }

  @Override
  public Key createCacheKey(String templateName) {
    return new Key(strategy, templateName);
  }

  @Override
  public boolean resourceExists(String templateName) {
    return find(templateName) != null;
  }
}
