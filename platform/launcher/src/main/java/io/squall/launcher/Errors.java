package io.squall.launcher;

import io.squall.platform.DescriptorException;
import io.squall.platform.DescriptorProblem;
import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** How the CLI reports trouble: {@code squall: what is wrong}, one line per problem, exit 2 for usage, 1 otherwise. */
final class Errors {

  static final int USAGE = 2;
  static final int FAILED = 1;

  private Errors() {
  }

  static int onBadParameters(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("squall: " + e.getMessage() + " (see 'squall " + commandPath(cmd) + "--help')");
    err.flush();
    return USAGE;
  }

  static int onFailure(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    report(e, err);
    if (System.getenv("SQUALL_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILED;
  }

  /** Descriptor problems one per line (file:line: field: message); anything else as its message. */
  static void report(Throwable e, PrintWriter err) {
    Throwable root = e;
    while (root.getCause() != null && (root.getMessage() == null || root instanceof ExecutionException
        || root instanceof CompletionException)) {
      root = root.getCause();
    }
    if (root instanceof DescriptorException de) {
      for (DescriptorProblem p : de.problems()) {
        err.println("squall: " + p);
      }
    } else {
      String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
      err.println("squall: " + message.lines().findFirst().orElse(message));
    }
  }

  private static String commandPath(CommandLine cmd) {
    StringBuilder sb = new StringBuilder();
    for (CommandLine c = cmd; c.getParent() != null; c = c.getParent()) {
      sb.insert(0, c.getCommandName() + " ");
    }
    return sb.toString();
  }
}
