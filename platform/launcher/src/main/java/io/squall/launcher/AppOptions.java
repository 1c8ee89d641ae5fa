package io.squall.launcher;

import io.squall.platform.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** What run and check share: which descriptor, which extra jars, which overrides. */
final class AppOptions {

  /** The chat app (module verticles/chat): what `./squall run` starts when no descriptor is given. */
  static final String DEFAULT_DESCRIPTOR = "squall/chat/chat.yaml";

  @Option(names = "--classpath", split = "[:,]", paramLabel = "PATH",
      description = "Extra jars or class folders with your verticles (':' or ',' separated). Every jar in lib/ beside"
          + " the descriptor is added too.")
  List<Path> classpath = List.of();

  @Option(names = "--set", paramLabel = "VERTICLE.KEY=VALUE",
      description = "Overrides a verticle's config value, e.g. --set http.port=9000 (repeatable; wins over SQUALL_*"
          + " variables and the descriptor).")
  Map<String, String> sets = new LinkedHashMap<>();

  /** The descriptor file, or the packaged app when none is given. */
  Descriptor load(Path descriptor, Map<String, String> extraSets, ClassLoader loader) {
    return load(descriptor, extraSets, loader, true);
  }

  /** {@code lookUpFiles} false: keys naming files are taken as written (see {@code check --no-file-lookup}). */
  Descriptor load(Path descriptor, Map<String, String> extraSets, ClassLoader loader, boolean lookUpFiles) {
    Map<String, String> all = new LinkedHashMap<>(sets);
    all.putAll(extraSets);
    if (descriptor != null) {
      return Descriptor.load(descriptor, System.getenv(), all, loader, lookUpFiles);
    }
    try (InputStream in = AppOptions.class.getClassLoader().getResourceAsStream(DEFAULT_DESCRIPTOR)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Descriptor.parse("classpath:" + DEFAULT_DESCRIPTOR, yaml, System.getenv(), all, loader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ClassLoader classLoader(Path descriptor) {
    return UserClassPath.create(classpath, descriptor);
  }
}
