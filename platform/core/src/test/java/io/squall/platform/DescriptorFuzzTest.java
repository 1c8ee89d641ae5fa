package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzzes the descriptor parser and the config overrides with Jazzer (coverage-guided, from the seeds in
 * {@code DescriptorFuzzTestInputs/}): every input either parses into a descriptor or fails with a
 * {@link DescriptorException} whose every problem names the file and a line (or the override it came from); never
 * another exception, never a hang
 * (a per-input timeout in Jazzer). How to run it longer: docs/SECURITY.md, "Fuzzing".
 *
 * <p>An input is the YAML text, optionally followed by a NUL and {@code KEY=value} lines: {@code SQUALL_*} keys are
 * environment overrides, others {@code --set} ones.
 */
class DescriptorFuzzTest {

  static final String SOURCE = "fuzz.yaml";

  @DictionaryEntries({"name: ", "verticles:", "- name: ", "class: ", "io.squall.platform.TestVerticle", "instances: ",
      "roles: ", "config: ", "shutdownTimeout: ", "SQUALL_", "=", "\u0000", "!!binary", "&a", "*a", "<<: ", "{", "[", "---",
      "io.squall.platform.KeyedVerticle", "routes: ", "kind: ", "idleTimeout: ", "30s", "1MiB", "limits: ", "web."})
  @FuzzTest(maxDuration = "20s")
  void everyDescriptorParsesOrNamesFileAndLine(byte[] input) {
    check(new String(input, StandardCharsets.UTF_8));
  }

  /** The oracle, also used by the regression tests of crashes found. */
  static void check(String input) {
    int nul = input.indexOf('\u0000');
    String yaml = nul < 0 ? input : input.substring(0, nul);
    Map<String, String> env = new HashMap<>();
    Map<String, String> sets = new HashMap<>();
    if (nul >= 0) {
      for (String line : input.substring(nul + 1).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          (line.startsWith("SQUALL_") ? env : sets).put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    Descriptor descriptor;
    try {
      descriptor = Descriptor.parse(SOURCE, yaml, env, sets, DescriptorFuzzTest.class.getClassLoader());
    } catch (DescriptorException e) {
      assertThat(e.problems()).isNotEmpty();
      for (DescriptorProblem problem : e.problems()) {
        if (problem.source().equals(SOURCE)) {
          assertThat(problem.toString()).as("names the file and a line").matches("(?s)fuzz\\.yaml:[1-9][0-9]*: .+");
        } else {
          // an override's problem names the override instead (it has no line in the file)
          assertThat(problem.source()).as(problem.toString()).matches("(?s)(--set |SQUALL_).*");
        }
        assertThat(problem.message()).isNotBlank();
      }
      return;
    }
    assertThat(descriptor.name()).isNotBlank();
    assertThat(descriptor.verticles()).isNotEmpty();
    descriptor.verticles().forEach(v -> assertThat(v.className()).isNotBlank());
  }
}
