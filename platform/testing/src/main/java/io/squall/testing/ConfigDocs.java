package io.squall.testing;

import io.squall.platform.ConfigKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a module README's key tables equal to its {@link ConfigKeys}, so docs cannot drift from the code.
 *
 * <p>The README holds the generated tables between {@code <!-- config-keys:begin -->} and
 * {@code <!-- config-keys:end -->}. A test calls {@link #assertReadme}; when the declarations changed, running the
 * tests with {@code -Dsquall.docs.write=true} rewrites the tables (and the test still fails once, to say so).
 */
public final class ConfigDocs {

  public static final String BEGIN = "<!-- config-keys:begin (generated from the declared keys: do not edit) -->";
  public static final String END = "<!-- config-keys:end -->";

  private ConfigDocs() {
  }

  /** Fails unless {@code readme} carries exactly {@code keys.markdown()} between the markers. */
  public static void assertReadme(ConfigKeys keys, Path readme) {
    String text = read(readme);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new AssertionError(readme + " has no generated key table: put the two lines\n" + BEGIN + "\n" + END
          + "\nwhere it belongs and run the tests with -Dsquall.docs.write=true");
    }
    String expected = "\n" + keys.markdown() + "\n";
    String actual = text.substring(begin + BEGIN.length(), end);
    if (!actual.equals(expected)) {
      if (Boolean.getBoolean("squall.docs.write")) {
        write(readme, text.substring(0, begin + BEGIN.length()) + expected + text.substring(end));
        throw new AssertionError(readme + " was rewritten from the declared keys; review and commit it");
      }
      throw new AssertionError(readme + "'s key table differs from the declared keys; run the tests with"
          + " -Dsquall.docs.write=true to regenerate it.\nexpected:\n" + expected + "\nactual:\n" + actual);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
