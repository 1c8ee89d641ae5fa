package io.squall.launcher;

import io.squall.platform.Descriptor;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validates a descriptor: exit 0 when it can run, 1 with file:line and what is wrong otherwise.")
final class CheckCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AppOptions app;

  @Parameters(index = "0", paramLabel = "DESCRIPTOR", description = "The application descriptor (YAML).")
  Path descriptor;

  @Option(names = "--no-file-lookup", description = "Do not check that the files and folders keys name exist: for a"
      + " descriptor checked away from the machines that run it (in CI before a deploy, where secrets are not mounted)."
      + " 'squall run' always checks them.")
  boolean noFileLookup;

  @Override
  public Integer call() {
    Descriptor d = app.load(descriptor, Map.of(), app.classLoader(descriptor), !noFileLookup);
    spec.commandLine().getOut().println(descriptor + ": ok: app '" + d.name() + "', " + d.verticles().size()
        + " verticle(s) [" + d.verticles().stream().map(v -> v.name() + " x" + v.instances())
        .collect(Collectors.joining(", ")) + "], roles [" + String.join(", ", d.knownRoles()) + "]");
    return 0;
  }
}
