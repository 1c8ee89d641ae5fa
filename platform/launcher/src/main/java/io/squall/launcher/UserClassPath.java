package io.squall.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Users' verticles load next to the standard ones: from --classpath entries and from lib/ beside the descriptor. */
final class UserClassPath {

  private UserClassPath() {
  }

  static ClassLoader create(List<Path> entries, Path descriptor) {
    List<URL> urls = new ArrayList<>();
    for (Path entry : entries) {
      if (!Files.exists(entry)) {
        throw new IllegalArgumentException("classpath entry not found: " + entry);
      }
      urls.add(url(entry));
    }
    Path lib = descriptor == null ? null : descriptor.toAbsolutePath().getParent().resolve("lib");
    if (lib != null && Files.isDirectory(lib)) {
      try (Stream<Path> jars = Files.list(lib)) {
        jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ClassLoader parent = UserClassPath.class.getClassLoader();
    return urls.isEmpty() ? parent : new URLClassLoader("squall-user", urls.toArray(URL[]::new), parent);
  }

  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad classpath entry " + path + ": " + e.getMessage());
    }
  }
}
