package io.squall.templates;

import static io.squall.templates.Renders.await;
import static io.squall.templates.Renders.failure;
import static io.squall.templates.Renders.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.platform.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verticle on the event bus: replies, and every failure as a ReplyException with an HTTP status. */
class TemplatesVerticleTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private ReplyException fails(String template, TemplatesOptions options) {
    Renders.deploy(vertx, options);
    return failure(Renders.render(vertx, request(template, new JsonObject().put("_links", Renders.links()), "en"),
        new DeliveryOptions()));
  }

  @Test
  void rendersARequestWithItsContextAndRepliesWithHtml() {
    Renders.deploy(vertx, Renders.testOptions());

    assertThat(Renders.render(vertx, "hello.peb", new JsonObject().put("name", "<Ann>"))).isEqualTo("hello &lt;Ann&gt;");
  }

  @Test
  void aMissingTemplateIs404NamingIt() {
    ReplyException e = fails("nope/missing.peb", Renders.testOptions());

    assertThat(e.failureCode()).isEqualTo(404);
    assertThat(e.getMessage()).isEqualTo("template nope/missing.peb not found");
  }

  @Test
  void aSyntaxErrorIs500WithTemplateAndLineAndNoDetailOutsideDevelopmentMode() {
    ReplyException e = fails("broken.peb", Renders.testOptions());

    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).isEqualTo("syntax error in template broken.peb line 3");
  }

  @Test
  void aSyntaxErrorInDevelopmentModeAlsoSaysWhatIsWrong() {
    ReplyException e = fails("broken.peb", Renders.testOptions().setDev(true));

    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).startsWith("syntax error in template broken.peb line 3: ").contains("endfor");
  }

  @Test
  void aContextThatFailsToRenderIs500WithTemplateAndLine() {
    ReplyException e = fails("fails.peb", Renders.testOptions());

    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).isEqualTo("template fails.peb failed to render at fails.peb line 2");
  }

  @Test
  void aStrictVariableMissingFromTheContextIs500() {
    ReplyException e = fails("hello.peb", Renders.testOptions().setStrictVariables(true));

    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).startsWith("template hello.peb failed to render at hello.peb line 1");
  }

  @Test
  void aMissingIncludeIs500NotA404ForThePage() {
    ReplyException e = fails("includes-missing.peb", Renders.testOptions());

    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).contains("includes-missing.peb", "partials/nope.peb not found");
  }

  @Test
  void outputOverMaxOutputSizeIs500() {
    ReplyException e = fails("big.peb", Renders.testOptions().setMaxOutputSize(1000));

    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).startsWith("template big.peb failed to render");
  }

  @Test
  void aMacroBombIs500NotAnOutOfMemory() {
    // 10 * 2^40 chars, all of it inside macros: only a limit that counts the macros' own writers stops it
    ReplyException e = fails("macro-bomb.peb", Renders.testOptions().setMaxOutputSize(100_000));

    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).startsWith("template macro-bomb.peb failed to render");
  }

  @Test
  void aTemplateOverMaxTemplateSizeIs500() {
    ReplyException e = fails("big.peb", Renders.testOptions().setMaxTemplateSize(20));

    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).contains("big.peb is larger than maxTemplateSize (20 bytes)");
  }

  @Test
  void badRequestsAre400() {
    Renders.deploy(vertx, Renders.testOptions());
    DeliveryOptions d = new DeliveryOptions();

    assertThat(failure(vertx.eventBus().request(Addresses.TEMPLATES_RENDER, "hello.peb", d)).failureCode()).isEqualTo(400);
    assertThat(failure(vertx.eventBus().request(Addresses.TEMPLATES_RENDER, new JsonObject(), d)).getMessage())
        .isEqualTo("template (a string) is required");
    assertThat(failure(vertx.eventBus().request(Addresses.TEMPLATES_RENDER,
        new JsonObject().put("template", "hello.peb").put("context", "x"), d)).failureCode()).isEqualTo(400);
    assertThat(failure(vertx.eventBus().request(Addresses.TEMPLATES_RENDER,
        new JsonObject().put("template", "hello.peb").put("locale", 5), d)).failureCode()).isEqualTo(400);
  }

  @Test
  void namesThatLeaveTheTemplateFolderAreRefused() {
    Renders.deploy(vertx, Renders.testOptions());

    for (String name : new String[] {"../test-i18n/messages_en.properties", "/etc/passwd", "a//b.peb", ".hidden.peb",
        "partials/../hello.peb", "c:\\x.peb", "a\\..\\b"}) {
      ReplyException e = failure(Renders.render(vertx, request(name, new JsonObject(), null), new DeliveryOptions()));
      assertThat(e.failureCode()).as(name).isEqualTo(400);
    }
  }

  @Test
  void refusesToStartWithATemplateFolderThatDoesNotExistOrBadOptions() {
    assertThatThrownBy(() -> await(vertx.deployVerticle(new TemplatesVerticle(),
        new DeploymentOptions().setConfig(new TemplatesOptions().setDir("no/such/folder").toJson()))))
        .hasMessageContaining("templates: dir: folder 'no/such/folder' does not exist (relative paths resolve against the working directory");
    assertThatThrownBy(() -> await(vertx.deployVerticle(new TemplatesVerticle(),
        new DeploymentOptions().setConfig(new TemplatesOptions().setTimeZone("Mars/Olympus").toJson()))))
        .hasMessageContaining("timeZone: 'Mars/Olympus' is not a time zone");
  }
}
