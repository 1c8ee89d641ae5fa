package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Descriptor;
import io.squall.platform.DescriptorException;
import io.squall.platform.VerticleSpec;
import io.squall.testing.ConfigDocs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The templates verticle's config as a descriptor gives it: checked key by key before anything is deployed. */
class TemplatesConfigTest {

  @Test
  void readmeKeyTableMatchesTheDeclaredKeys() {
    ConfigDocs.assertReadme(TemplatesVerticle.CONFIG, Path.of("README.md"));
  }

  @Test
  void sizesWithUnitsGiveTheSameOptionsAsBareBytes() {
    TemplatesOptions units = options("{maxTemplateSize: 64KiB, maxOutputSize: 2MiB}");
    TemplatesOptions bare = options("{maxTemplateSize: 65536, maxOutputSize: 2097152}");

    assertThat(units.getMaxTemplateSize()).isEqualTo(64 * 1024);
    assertThat(units.getMaxOutputSize()).isEqualTo(2 * 1024 * 1024);
    assertThat(units.toJson()).isEqualTo(bare.toJson());
    assertThat(new TemplatesOptions(units.toJson()).toJson()).as("toJson still writes numbers").isEqualTo(bare.toJson());
  }

  @Test
  void javaUsersMayWriteUnitsInTheJsonToo() {
    assertThat(new TemplatesOptions(new io.vertx.core.json.JsonObject().put("maxTemplateSize", "1MiB"))
        .getMaxTemplateSize()).isEqualTo(1024 * 1024);
  }

  @Test
  void aTypoIsRefusedWithTheKeyPathAndASuggestion() {
    assertThat(problems("{dirr: classpath:test-templates}"))
        .contains("app.yaml:7: verticles[0].config.dirr: unknown key 'dirr' (did you mean 'dir'?)");
    assertThat(problems("{timezone: UTC}"))
        .contains("verticles[0].config.timezone: unknown key 'timezone' (did you mean 'timeZone'?)");
  }

  @Test
  void wrongTypesOutOfRangeNumbersAndBadValuesGiveTheirMessage() {
    assertThat(problems("{cacheSize: lots}"))
        .contains("verticles[0].config.cacheSize: expected a whole number at least 1, got 'lots'");
    assertThat(problems("{workerPoolSize: 0}")).contains("verticles[0].config.workerPoolSize: must be at least 1, got 0");
    assertThat(problems("{maxTemplateSize: 1MB}"))
        .contains("verticles[0].config.maxTemplateSize: expected a size such as 64KiB or 1MiB");
    assertThat(problems("{timeZone: Mars/Olympus}"))
        .contains("verticles[0].config.timeZone: 'Mars/Olympus' is not a time zone (UTC, Europe/Paris)");
    assertThat(problems("{defaultLocale: '??'}"))
        .contains("verticles[0].config.defaultLocale: '??' is not a language tag such as en or pt-BR");
    assertThat(problems("{dev: maybe}")).contains("verticles[0].config.dev: expected true or false, got 'maybe'");
  }

  @Test
  void aMissingTemplateFolderIsRefusedNamingTheKey() {
    assertThat(problems("{dir: no/such/templates}"))
        .contains("verticles[0].config.dir: folder 'no/such/templates' does not exist");
    assertThat(problems("{dir: 'classpath:no-such-templates'}"))
        .contains("verticles[0].config.dir: folder 'classpath:no-such-templates' is not on the classpath");
    assertThat(options("{dir: 'classpath:test-templates'}").getDir()).isEqualTo("classpath:test-templates");
  }

  private static String descriptor(String config) {
    return """
        name: app
        verticles:
          - name: templates
            class: io.squall.templates.TemplatesVerticle
            config:
              messages: classpath:test-i18n/messages
              %s
        """.formatted(config.substring(1, config.length() - 1).replace(", ", "\n      "));
  }

  private static TemplatesOptions options(String config) {
    VerticleSpec spec = Descriptor.parse("app.yaml", descriptor(config), Map.of(), Map.of(),
        TemplatesConfigTest.class.getClassLoader()).verticles().get(0);
    return new TemplatesOptions(spec.config());
  }

  private static String problems(String config) {
    try {
      Descriptor.parse("app.yaml", descriptor(config), Map.of(), Map.of(), TemplatesConfigTest.class.getClassLoader());
    } catch (DescriptorException e) {
      assertThat(e.getMessage()).doesNotContain("Exception");
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + config);
  }
}
