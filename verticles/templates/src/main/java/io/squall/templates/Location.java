package io.squall.templates;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A folder that templates or message bundles are read from: on disk ({@code templates}, {@code /srv/site/templates},
 * resolved against the working directory) or on the class path ({@code classpath:templates}). Names inside it are
 * checked by {@link #checkName} first, so no name reaches outside the folder.
 */
abstract class Location {

  static final String CLASSPATH = "classpath:";

  /** A file found in a location: read, and asked when it changed (development mode). */
  interface Resource {
    InputStream open() throws IOException;

    /**
     * Changes when the file does (modification time in nanoseconds and size); a constant for files that cannot
     * change (inside a jar), and -1 for a file that is gone.
     */
    long version();
  }

  static Location of(String spec, ClassLoader loader) {
    if (spec.startsWith(CLASSPATH)) {
      String folder = spec.substring(CLASSPATH.length());
      while (folder.startsWith("/")) {
        folder = folder.substring(1);
      }
      while (folder.endsWith("/")) {
        folder = folder.substring(0, folder.length() - 1);
      }
      return new OnClassPath(loader, folder, spec);
    }
    return new OnDisk(Path.of(spec).toAbsolutePath().normalize());
  }

  /** Where this location is, for messages. */
  abstract String describe();

  /** The file {@code name} (a checked relative path with '/'), or null when it does not exist. */
  abstract Resource find(String name);

  /**
   * Why {@code name} is refused as a path inside a location, or null when it is fine: it must be relative, with
   * '/' separators, and no segment may be empty or start with '.' ({@code ..}, hidden files).
   */
  static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      return "empty name";
    }
    if (name.length() > 1024) {
      return "name too long";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') {
        return "bad character in name";
      }
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.startsWith(".")) {
        return "names are relative paths without empty, '.' or '..' segments";
      }
    }
    return null;
  }

  private static final class OnDisk extends Location {
    private final Path root;

    OnDisk(Path root) {
      this.root = root;
    }

    @Override
    String describe() {
      return root.toString();
    }

    @Override
    Resource find(String name) {
      Path file = root.resolve(name).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        return null;
      }
      return new FileResource(file);
    }
  }

  private static final class OnClassPath extends Location {
    private final ClassLoader loader;
    private final String folder;
    private final String spec;

    OnClassPath(ClassLoader loader, String folder, String spec) {
      this.loader = loader;
      this.folder = folder;
      this.spec = spec;
    }

    @Override
    String describe() {
      return spec;
    }

    @Override
    Resource find(String name) {
      URL url = loader.getResource(folder.isEmpty() ? name : folder + "/" + name);
      if (url == null) {
        return null;
      }
      if ("file".equals(url.getProtocol())) {
        // an unpacked class path folder (target/classes, an IDE): a file that can change, as on disk
        try {
          Path file = Path.of(url.toURI());
          return Files.isRegularFile(file) ? new FileResource(file) : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
          // fall through to reading the URL
        }
      }
      return new Resource() {
        @Override
        public InputStream open() throws IOException {
          return url.openStream();
        }

        @Override
        public long version() {
          return 0;
        }
      };
    }
  }

  private record FileResource(Path file) implements Resource {
    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }

    @Override
    public long version() {
      try {
        return Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS) * 31 + Files.size(file);
      } catch (IOException e) {
        return -1;
      }
    }
  }
}
