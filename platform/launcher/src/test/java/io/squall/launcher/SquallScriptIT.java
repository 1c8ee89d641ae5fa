package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.SquallProcess;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./squall script with its output in a pipe, as in CI logs and `./squall ... | less`: plain text only. */
class SquallScriptIT {

  private static final char ESC = '\u001b';

  @TempDir
  Path root;

  private record Run(int exitCode, String output) {
  }

  /** Runs a copy of the script in {@link #root}, its stdout and stderr into one pipe. */
  private Run script(Map<String, String> env, String... args) throws Exception {
    Path script = root.resolve("squall");
    if (!Files.exists(script)) {
      Files.copy(SquallProcess.root().resolve("squall"), script);
    }
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("SQUALL_") || k.equals("MAVEN_OPTS"));
    pb.environment().putAll(env);
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the script ended:\n%s", output).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void aFirstBuildPrintsNoEscapeCodesIntoAPipe() throws Exception {
    Path mvn = onPath("mvn").orElse(Path.of("mvn"));
    // skipped without Maven on a developer's machine (an IDE run), a failure in CI
    Chrome.requireTool(mvn, "Maven (mvn) on the PATH", "apt-get install -y maven");
    // No jar beside the script: it builds. The mvn it finds is the real Maven run with the script's own flags and
    // environment, told to print its version and stop (-v) instead of building; then the jar appears, as after a build.
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.writeString(bin.resolve("mvn"), """
        #!/bin/sh
        "$REAL_MVN" "$@" -v || exit 1
        mkdir -p platform/launcher/target && cp "$BUILT_JAR" platform/launcher/target/squall.jar
        """, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));

    Run run = script(Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH"), "REAL_MVN", mvn.toString(),
        "BUILT_JAR", SquallProcess.jar().toString()), "version");

    assertThat(run.output().indexOf(ESC)).as("an escape code in:\n%s", run.output().replace(ESC, '^')).isEqualTo(-1);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("squall: building the launcher jar").containsPattern("(?m)^squall [0-9]");
  }

  @Test
  void helpVersionAndErrorsPrintNoEscapeCodesIntoAPipe() throws Exception {
    // the jar beside the script and no sources: nothing to build, the jar's own output only
    Files.createDirectories(root.resolve("platform/launcher/target"));
    Files.createSymbolicLink(root.resolve("platform/launcher/target/squall.jar"), SquallProcess.jar());

    for (String[] args : List.of(new String[] {"--help"}, new String[] {"run", "--help"}, new String[] {"version"},
        new String[] {"run", "--no-such-flag"}, new String[] {"check", "missing.yaml"})) {
      Run run = script(Map.of(), args);

      assertThat(run.output()).as(String.join(" ", args)).isNotBlank();
      assertThat(run.output().indexOf(ESC)).as("an escape code in '%s':\n%s", String.join(" ", args),
          run.output().replace(ESC, '^')).isEqualTo(-1);
    }
  }

  private static Optional<Path> onPath(String name) {
    return Arrays.stream(System.getenv("PATH").split(File.pathSeparator)).map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable).findFirst();
  }
}
