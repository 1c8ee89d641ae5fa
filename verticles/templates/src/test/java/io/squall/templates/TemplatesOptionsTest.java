package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TemplatesOptionsTest {

  @Test
  void hasTheDocumentedDefaults() {
    TemplatesOptions o = new TemplatesOptions(new JsonObject());

    assertThat(o.getDir()).isEqualTo("classpath:templates");
    assertThat(o.isDev()).isFalse();
    assertThat(o.getCacheSize()).isEqualTo(500);
    assertThat(o.getMessages()).isEqualTo("classpath:i18n/messages");
    assertThat(o.getDefaultLocale()).isEqualTo("en");
    assertThat(o.getTimeZone()).isEqualTo("UTC");
    assertThat(o.getMaxTemplateSize()).isEqualTo(1024 * 1024);
    assertThat(o.getMaxOutputSize()).isEqualTo(8 * 1024 * 1024);
    assertThat(o.isStrictVariables()).isFalse();
    assertThat(o.getWorkerPoolSize()).isEqualTo(4);
    assertThat(o.getAddress()).isEqualTo("squall.templates.render");
    assertThat(o.toJson()).isEqualTo(new TemplatesOptions().toJson());
  }

  @Test
  void roundTripsEveryKeyThroughJson() {
    TemplatesOptions o = new TemplatesOptions().setDir("/srv/templates").setDev(true).setCacheSize(9)
        .setMessages("/srv/i18n/").setDefaultLocale("pt-BR").setTimeZone("Europe/Paris").setMaxTemplateSize(10)
        .setMaxOutputSize(20).setStrictVariables(true).setWorkerPoolSize(3).setAddress("other.render");

    JsonObject json = o.toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("dir", "dev", "cacheSize", "messages", "defaultLocale",
        "timeZone", "maxTemplateSize", "maxOutputSize", "strictVariables", "workerPoolSize", "address");
    assertThat(new TemplatesOptions(json).toJson()).isEqualTo(json);
    assertThat(new TemplatesOptions(o).toJson()).isEqualTo(json);
  }

  @Test
  void rejectsValuesThatCannotWorkNamingTheKey() {
    assertThat(problems(new TemplatesOptions().setCacheSize(0))).contains("cacheSize: must be at least 1");
    assertThat(problems(new TemplatesOptions().setDefaultLocale("??")))
        .contains("defaultLocale: '??' is not a language tag such as en or pt-BR");
    assertThat(problems(new TemplatesOptions().setWorkerPoolSize(0))).contains("workerPoolSize: must be at least 1");
    assertThat(problems(new TemplatesOptions().setAddress(" "))).contains("address: ' ' is not an event bus address");
    assertThat(problems(new TemplatesOptions())).isEqualTo("[]");
  }

  private static String problems(TemplatesOptions options) {
    return TemplatesOptions.KEYS.check(options.toJson(), TemplatesOptionsTest.class.getClassLoader()).toString();
  }
}
