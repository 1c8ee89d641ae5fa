package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.squall.platform.Descriptor;
import io.squall.platform.NodeOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.squall.testing.SquallProcess;
import picocli.CommandLine;

/** The CLI as a user meets it, run in-process: exit codes and exactly what is printed. */
class CliTest {

  static final Path DESCRIPTORS = Path.of("src/test/resources/descriptors");

  record Run(int exitCode, String out, String err) {
  }

  static Run squall(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void checkAcceptsAGoodDescriptor() {
    Run run = squall("check", DESCRIPTORS.resolve("good/cluster-app.yaml").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("ok: app 'clustertest', 2 verticle(s) [probe x1, echo x2], roles [front, back]");
    assertThat(run.err()).isEmpty();
  }

  /**
   * One broken descriptor of the corpus: its header says where the first problem is ({@code # expect: LINE FIELD},
   * or {@code # expect-override: SOURCE} with an optional {@code # field:}), what it says ({@code # message:}) and the
   * command-line arguments that go with it ({@code # args:}).
   */
  record Broken(Path file, String location, String message, List<String> args) {

    static Broken read(Path file) throws IOException {
      Map<String, String> header = new LinkedHashMap<>();
      for (String line : Files.readAllLines(file)) {
        if (!line.startsWith("# ")) {
          break;
        }
        int colon = line.indexOf(": ");
        header.put(line.substring(2, colon), line.substring(colon + 2));
      }
      String location;
      if (header.containsKey("expect-override")) {
        location = header.get("expect-override") + ": "
            + (header.containsKey("field") ? header.get("field") + ": " : "");
      } else {
        String[] expect = header.get("expect").split(" ");
        location = file + ":" + expect[0] + ": " + (expect[1].equals("-") ? "" : expect[1] + ": ");
      }
      List<String> args = new ArrayList<>();
      String raw = header.getOrDefault("args", "");
      // "--set KEY=VALUE" pairs; a value may hold spaces, so split only before each --set
      for (String pair : raw.split("(?=--set )")) {
        if (!pair.isBlank()) {
          args.add("--set");
          args.add(pair.substring("--set ".length()).strip());
        }
      }
      return new Broken(file, location, header.getOrDefault("message", ""), args);
    }

    String[] command(String name, String... more) {
      List<String> all = new ArrayList<>(List.of(name));
      all.addAll(List.of(more));
      all.addAll(args);
      all.add(file.toString());
      return all.toArray(String[]::new);
    }

    @Override
    public String toString() {
      return file.getFileName().toString();
    }
  }

  static Stream<Broken> brokenDescriptors() throws IOException {
    List<Broken> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(DESCRIPTORS.resolve("broken"))) {
      for (Path f : files.sorted().toList()) {
        all.add(Broken.read(f));
      }
    }
    return all.stream();
  }

  @Test
  void theBrokenCorpusCoversEveryLevelWithAtLeastThirtyCases() throws IOException {
    assertThat(brokenDescriptors().count()).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDescriptors")
  void checkRejectsEachBrokenDescriptorWithFileLineAndField(Broken broken) {
    Run run = squall(broken.command("check"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().findFirst().orElse("")).startsWith("squall: " + broken.location())
        .contains(broken.message());
    assertThat(run.err()).doesNotContain("Exception", "\tat ");
  }

  /**
   * The same answer from run, before anything listens: the management port, the first a node opens, is held, and
   * never reported busy.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDescriptors")
  void runRejectsEachBrokenDescriptorBeforeAnyPortOpens(Broken broken) throws IOException {
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run = squall(broken.command("run", "--management-port", String.valueOf(held.getLocalPort())));

      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(run.err().lines().findFirst().orElse("")).startsWith("squall: " + broken.location())
          .contains(broken.message());
      assertThat(run.err()).doesNotContain("Exception", "\tat ", "in use");
    }
  }

  /** A descriptor whose secrets are mounted only where it runs can still be checked in CI, files aside. */
  @Test
  void checkWithoutFileLookupLeavesMountedSecretsToTheNodeThatRuns() {
    String k8s = SquallProcess.root().resolve("k8s/base/chat.yaml").toString();

    Run strict = squall("check", k8s);
    Run away = squall("check", "--no-file-lookup", k8s);

    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.err()).contains("verticles[0].config.cookieSecretFile: file '/run/secrets/squall/cookie-secret'"
        + " does not exist");
    assertThat(away.exitCode()).as(away.err()).isZero();
  }

  @Test
  void theLaunchersDurationsTakeUnitsAndABareNumberIsSeconds() {
    SecondsConverter seconds = new SecondsConverter();

    assertThat(seconds.convert("20")).isEqualTo(20);
    assertThat(seconds.convert("20s")).isEqualTo(20);
    assertThat(seconds.convert("2m")).isEqualTo(120);
    Run run = squall("run", "--drain-delay", "1500ms");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'1500ms' is not a whole number of seconds (20, 20s, 2m)");
  }

  @Test
  void hashPasswordPrintsAHashTheAuthVerticleAccepts(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("pw"), "correct horse\n");

    Run run = squall("hash-password", "--password-file", file.toString(), "--iterations", "1000");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String hash = run.out().strip();
    assertThat(hash).startsWith("$pbkdf2$it=1000$").doesNotContain("correct horse");
    assertThat(io.vertx.ext.auth.hashing.HashingStrategy.load().verify(hash, "correct horse")).isTrue();
    assertThat(squall("hash-password", "--password-file", file.toString(), "--iterations", "1000").out().strip())
        .as("salted: never the same twice").isNotEqualTo(hash);
  }

  @Test
  void hashPasswordWithoutAReadableFileSaysSo() {
    Run run = squall("hash-password", "--password-file", "no/such/file");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("squall: --password-file " + Path.of("no/such/file") + ": cannot read it\n");
  }

  @Test
  void checkOnAMissingFileSaysSoInOneLine() {
    Run run = squall("check", "no/such/app.yaml");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("squall: " + Path.of("no/such/app.yaml") + ": descriptor file not found\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run --bogus", "check --bogus x.yaml", "--bogus", "run --management-port abc", "frobnicate"})
  void badCommandLinesGiveOneClearLine(String commandLine) {
    Run run = squall(commandLine.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1).first().asString().startsWith("squall: ").contains("--help");
  }

  @Test
  void runWithAMissingDescriptorGivesOneLine() {
    Run run = squall("run", "missing.yaml");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("squall: missing.yaml: descriptor file not found\n");
  }

  @Test
  void runWithAMissingClusterConfigGivesOneLine() {
    Run run = squall("run", DESCRIPTORS.resolve("good/cluster-app.yaml").toString(), "--cluster",
        "--cluster-config", "missing.xml", "--classpath", "target/test-classes");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines()).hasSize(1).first().asString()
        .startsWith("squall: cluster config file not found: missing.xml");
  }

  @Test
  void runWithAMissingClasspathEntryGivesOneLine() {
    Run run = squall("run", "--classpath", "no/such.jar");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("squall: classpath entry not found: " + Path.of("no/such.jar") + "\n");
  }

  @Test
  void runWithAnUnknownRoleNamesTheKnownOnes() {
    Run run = squall("run", DESCRIPTORS.resolve("good/cluster-app.yaml").toString(), "--roles", "middle");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("squall: unknown role middle (" + DESCRIPTORS.resolve("good/cluster-app.yaml")
        + " has roles: front, back)\n");
  }

  @Test
  void runWithASetForAnUnknownVerticleSaysWhichExist() {
    Run run = squall("run", DESCRIPTORS.resolve("good/cluster-app.yaml").toString(), "--set", "ecko.tag=x");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("squall: --set ecko.tag: no verticle named 'ecko' (verticles: probe, echo)\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "run --help", "check --help", "version --help"})
  void everyCommandHasHelp(String commandLine) {
    Run run = squall(commandLine.split(" "));
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: squall");
  }

  @Test
  void runHelpStatesTheCodesDefaults() {
    NodeOptions code = new NodeOptions();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("--roles", code.getRoles().isEmpty() ? "all" : String.join(",", code.getRoles()));
    expected.put("--cluster-config", NodeOptions.DEFAULT_CLUSTER_CONFIG);
    expected.put("--cluster-name", new Descriptor("app.yaml", "<app name>", java.util.List.of(),
        Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, java.util.List.of()).defaultClusterName());
    // unset: Hazelcast picks the interface
    expected.put("--cluster-host", code.getClusterHost() == null ? "Hazelcast's" : code.getClusterHost());
    expected.put("--cluster-port", String.valueOf(code.getClusterPort()));
    expected.put("--management-port", String.valueOf(NodeOptions.DEFAULT_MANAGEMENT_PORT));
    expected.put("--event-loops", String.valueOf(NodeOptions.DEFAULT_EVENT_LOOPS));
    expected.put("--shutdown-timeout", String.valueOf(Descriptor.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS));
    expected.put("--drain-delay", String.valueOf(NodeOptions.DEFAULT_DRAIN_DELAY));
    expected.put("--log-format", RunCommand.LogFormat.text.name());

    assertThat(statedDefaults(squall("run", "--help").out())).isEqualTo(expected);
  }

  /** Each option of a help text that states "default: X", with X (up to a comma, semicolon or parenthesis). */
  private static Map<String, String> statedDefaults(String help) {
    Map<String, String> defaults = new LinkedHashMap<>();
    // an option's entry: its line and the wrapped lines under it, joined
    Matcher entry = Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[\\w-]+)(.*(?:\\n {20,}.*)*)").matcher(help);
    while (entry.find()) {
      Matcher stated = Pattern.compile("default: ([^,;)]+)").matcher(entry.group(2).replaceAll("\\s+", " "));
      if (stated.find()) {
        defaults.put(entry.group(1), stated.group(1).strip());
      }
    }
    return defaults;
  }

  @Test
  void versionNamesSquallVertxHazelcastAndJava() {
    Run run = squall("version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).matches("squall \\S+ \\(Vert.x 5\\.0\\.7, Hazelcast 5\\.\\S+, Java \\S+\\)\\n");
  }

  @Test
  void jsonLogFormatIsChosenBeforeLoggingStarts() {
    String before = System.getProperty("logback.configurationFile");
    try {
      Main.chooseLogFormat(new String[] {"run", "--log-format", "json"}, null);
      assertThat(System.getProperty("logback.configurationFile")).isEqualTo("logback-json.xml");
      System.clearProperty("logback.configurationFile");
      Main.chooseLogFormat(new String[] {"run"}, "JSON");
      assertThat(System.getProperty("logback.configurationFile")).isEqualTo("logback-json.xml");
      System.clearProperty("logback.configurationFile");
      Main.chooseLogFormat(new String[] {"run"}, null);
      assertThat(System.getProperty("logback.configurationFile")).isNull();
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
    }
  }
}
