package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void madeUpLocalesFromRequestsAreNotRememberedForever() {
    Messages messages = new Messages("classpath:test-i18n/messages", getClass().getClassLoader(), Locale.ENGLISH, false);
    messages.translate(Locale.forLanguageTag("fr"), "anything", List.of());
    int known = messages.rememberedBundles();
    for (int i = 0; i < 200; i++) {
      // valid, made-up languages of six letters ("xqaaaa", "xqaaab", ...) as a hostile Accept-Language could send
      String language = "xq" + (char) ('a' + i / 26 / 26 % 26) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26) + "a";
      messages.translate(Locale.forLanguageTag(language + "-QQ"), "anything", List.of());
    }
    assertThat(messages.rememberedBundles()).isEqualTo(known);
  }
}
