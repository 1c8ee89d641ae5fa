package io.squall.launcher;

import java.util.Arrays;
import picocli.CommandLine;

/** Entry point of {@code squall.jar}. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    chooseLogFormat(args, System.getenv("SQUALL_LOG_FORMAT"));
    // Hazelcast picks its logger when first loaded, before any config is read: JUL lines would break JSON logs.
    System.setProperty("hazelcast.logging.type", "slf4j");
    int code = commandLine().execute(args);
    System.exit(code);
  }

  /** The CLI with Squall's error handling: one clear line for bad input, never a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SquallCommand());
    cli.setParameterExceptionHandler(Errors::onBadParameters);
    cli.setExecutionExceptionHandler(Errors::onFailure);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  /** Must run before the first logger exists: Logback reads its configuration once. */
  static void chooseLogFormat(String[] args, String env) {
    int at = Arrays.asList(args).indexOf("--log-format");
    String format = at >= 0 && at + 1 < args.length ? args[at + 1]
        : Arrays.stream(args).filter(a -> a.startsWith("--log-format=")).map(a -> a.substring(13)).findFirst()
            .orElse(env);
    if ("json".equalsIgnoreCase(format)) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }
}
