package io.squall.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "squall", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "Runs Squall nodes: Tornado's real-time model on clustered Vert.x verticles.",
    subcommands = {RunCommand.class, CheckCommand.class, SchemaCommand.class, VersionCommand.class,
        HashPasswordCommand.class},
    footer = {"", "Start the bundled app on http://localhost:8080:  squall run"})
final class SquallCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
