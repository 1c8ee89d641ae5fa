package io.squall.launcher;

import io.squall.platform.Descriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Prints the JSON Schema (draft 2020-12) of a descriptor, with every standard verticle's config and,",
        "given DESCRIPTOR, the config of each verticle class it names that declares its keys. For editors:",
        "  # yaml-language-server: $schema=squall.schema.json"})
final class SchemaCommand implements Callable<Integer> {

  /** The verticles the launcher jar carries; a user's come from the descriptor (and --classpath). */
  static final List<String> STANDARD_VERTICLES = List.of("io.squall.http.HttpVerticle",
      "io.squall.bridge.BridgeVerticle", "io.squall.templates.TemplatesVerticle", "io.squall.auth.AuthVerticle",
      "io.squall.channels.ChannelsVerticle", "io.squall.chat.ChatVerticle");

  /** {@code class: com.acme.Foo} lines: read without parsing, so a descriptor with problems still gets its schema. */
  private static final Pattern CLASS_LINE = Pattern.compile("(?m)^[\\s-]*class:\\s*['\"]?([\\w.$]+)['\"]?\\s*(#.*)?$");

  @Spec
  CommandSpec spec;

  @Mixin
  AppOptions app;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DESCRIPTOR",
      description = "A descriptor whose own verticle classes are described too.")
  Path descriptor;

  @Override
  public Integer call() throws IOException, ClassNotFoundException {
    ClassLoader loader = app.classLoader(descriptor);
    Set<String> names = new LinkedHashSet<>(STANDARD_VERTICLES);
    if (descriptor != null) {
      Matcher m = CLASS_LINE.matcher(Files.readString(descriptor));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    Set<Class<?>> classes = new LinkedHashSet<>();
    for (String name : names) {
      try {
        classes.add(Class.forName(name, false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        if (STANDARD_VERTICLES.contains(name)) {
          throw e;
        }
        // 'squall check' names the missing class with its line; the schema leaves that verticle's config free
      }
    }
    spec.commandLine().getOut().println(Descriptor.schema(classes).encodePrettily());
    return 0;
  }
}
