package io.squall.launcher;

import com.hazelcast.instance.BuildInfoProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Prints the versions of Squall and what it runs on.")
final class VersionCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().println(line());
  }

  static String line() {
    return "squall " + squallVersion() + " (Vert.x " + vertxVersion() + ", Hazelcast "
        + BuildInfoProvider.getBuildInfo().getVersion() + ", Java " + Runtime.version() + ")";
  }

  static String squallVersion() {
    try (InputStream in = VersionCommand.class.getResourceAsStream("/squall/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String vertxVersion() {
    try (InputStream in = VersionCommand.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }
  }
}
