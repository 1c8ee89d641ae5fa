package io.squall.platform;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.XmlConfigBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the Hazelcast config of a clustered node.
 *
 * <p>{@code local}, {@code tcp} and {@code kubernetes} name the configs packaged from {@code cluster-config/};
 * anything else is a file path or {@code classpath:NAME}. {@code ${NAME}} and {@code ${NAME:-default}} in the
 * XML are replaced from the environment first (Hazelcast's own replacer reads only system properties), so a
 * missing variable is reported with file and line instead of ending up as a literal host name.
 *
 * <p>{@code ${SQUALL_CLUSTER_HOST}} is the node's cluster host however it was given ({@code --cluster-host} or the
 * variable): the packaged tcp and kubernetes configs bind Hazelcast's port to it alone, as the event bus is.
 */
public final class ClusterConfigs {

  static final Set<String> PACKAGED = Set.of("local", "tcp", "kubernetes");
  static final String CLUSTER_HOST = "SQUALL_CLUSTER_HOST";
  /** 0.0.0.0, ::, [::] and the like: every interface. */
  private static final Pattern WILDCARD = Pattern.compile("\\[?[0.:]+]?");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?}");

  private ClusterConfigs() {
  }

  /**
   * Reads {@code location}, substitutes variables, and sets the cluster name and the maps Vert.x needs.
   *
   * @param clusterHost the node's {@code --cluster-host}, which wins over {@code SQUALL_CLUSTER_HOST} in {@code env};
   *     null when not given
   */
  public static Config load(String location, String clusterName, String clusterHost, Map<String, String> env) {
    String where = location == null ? NodeOptions.DEFAULT_CLUSTER_CONFIG : location;
    Map<String, String> variables = new HashMap<>(env);
    if (clusterHost != null) {
      variables.put(CLUSTER_HOST, clusterHost);
    }
    String host = variables.get(CLUSTER_HOST);
    if (host != null && isWildcard(host)) {
      // peers could not dial it, and the cluster ports would be open on every interface with no authentication
      throw new IllegalArgumentException("cluster host " + host + " (--cluster-host, " + CLUSTER_HOST + ") is every"
          + " interface: give the one address the other nodes reach this node on");
    }
    String xml = substitute(where, read(where), variables);
    Config config;
    try {
      config = new XmlConfigBuilder(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).build();
    } catch (InvalidConfigurationException e) {
      String line = "";
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof org.xml.sax.SAXParseException sax) {
          line = ":" + sax.getLineNumber();
        }
      }
      throw new IllegalArgumentException(where + line + ": not a valid Hazelcast config: " + e.getMessage(), e);
    }
    config.setClusterName(clusterName);
    // No traffic leaves the cluster unasked, and Vert.x, not Hazelcast, decides when the JVM's node stops.
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    addVertxStructures(config);
    return config;
  }

  /** Whether {@code host} is a wildcard address (0.0.0.0, ::), which listens on every interface of the machine. */
  public static boolean isWildcard(String host) {
    return WILDCARD.matcher(host.strip()).matches();
  }

  /** The structures vertx-hazelcast's default config declares; kept when a user's XML forgets them. */
  private static void addVertxStructures(Config config) {
    if (!config.getMultiMapConfigs().containsKey("__vertx.subs")) {
      config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
          .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    }
    for (String map : new String[] {"__vertx.haInfo", "__vertx.nodeInfo"}) {
      if (!config.getMapConfigs().containsKey(map)) {
        config.addMapConfig(new MapConfig(map).setBackupCount(1));
      }
    }
  }

  private static String read(String where) {
    String resource = PACKAGED.contains(where) ? "squall/cluster-config/" + where + ".xml"
        : where.startsWith("classpath:") ? where.substring("classpath:".length()) : null;
    try {
      if (resource == null) {
        return Files.readString(Path.of(where));
      }
      try (InputStream in = ClusterConfigs.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("cluster config not found on the classpath: " + resource);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cluster config file not found: " + where
          + " (use a file path, classpath:NAME, or one of " + String.join(", ", PACKAGED.stream().sorted().toList()) + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read cluster config " + where + ": " + e.getMessage(), e);
    }
  }

  static String substitute(String where, String xml, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    String[] lines = xml.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = VARIABLE.matcher(lines[i]);
      StringBuilder line = new StringBuilder();
      while (m.find()) {
        String value = env.getOrDefault(m.group(1), System.getProperty(m.group(1), m.group(2)));
        if (value == null) {
          String hint = CLUSTER_HOST.equals(m.group(1)) ? "; or give --cluster-host" : "";
          throw new IllegalArgumentException(where + ":" + (i + 1) + ": environment variable " + m.group(1)
              + " is not set (the cluster config needs it" + hint + ")");
        }
        m.appendReplacement(line, Matcher.quoteReplacement(escapeXml(value)));
      }
      m.appendTail(line);
      out.append(line).append(i < lines.length - 1 ? "\n" : "");
    }
    return out.toString();
  }

  private static String escapeXml(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
