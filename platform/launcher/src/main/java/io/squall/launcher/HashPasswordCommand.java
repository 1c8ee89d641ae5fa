package io.squall.launcher;

import io.squall.auth.AuthOptions;
import io.squall.auth.Passwords;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Makes the {@code password:} value of a users file. The password never comes from the command line (shell
 * history, {@code ps}): it is typed at a prompt, read from a file, or piped in.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
    description = "Prints a salted PBKDF2 hash for the password: field of an auth users file. Prompts for the "
        + "password (twice), or reads the first line of --password-file or of standard input.")
final class HashPasswordCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE.")
  Path passwordFile;

  @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
  int iterations = AuthOptions.DEFAULT_PASSWORD_ITERATIONS;

  @Override
  public Integer call() throws IOException {
    if (iterations < 1000) {
      throw new IllegalArgumentException("--iterations must be at least 1000");
    }
    String password = read();
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("no password given");
    }
    spec.commandLine().getOut().println(new Passwords(iterations).hash(password));
    return 0;
  }

  private String read() throws IOException {
    if (passwordFile != null) {
      try (BufferedReader reader = Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8)) {
        return reader.readLine();
      } catch (IOException e) {
        throw new IllegalArgumentException("--password-file " + passwordFile + ": cannot read it");
      }
    }
    Console console = System.console();
    if (console == null) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    char[] first = console.readPassword("Password: ");
    char[] again = console.readPassword("Again: ");
    if (first == null || !Arrays.equals(first, again)) {
      throw new IllegalArgumentException("the two passwords differ");
    }
    return new String(first);
  }
}
