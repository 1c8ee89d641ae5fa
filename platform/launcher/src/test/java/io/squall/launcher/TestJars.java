package io.squall.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs the classes folder (or copies the jar) a class was loaded from, to play a user's verticle jar. */
final class TestJars {

  private TestJars() {
  }

  static void jarOf(Class<?> type, Path target) throws IOException, URISyntaxException {
    Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(source)) {
      Files.copy(source, target);
      return;
    }
    try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out);
        Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        jar.putNextEntry(new JarEntry(source.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jar);
        jar.closeEntry();
      }
    }
  }
}
