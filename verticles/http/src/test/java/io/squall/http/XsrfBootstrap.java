package io.squall.http;

import io.squall.testing.SquallClient;

/**
 * The page a browser loads before it posts a form, for tests whose app has none: {@link #route()} mounts a form page
 * ({@link LoginTest.FormPage}) whose GET gives a client the {@code _xsrf} cookie that {@link SquallClient#postForm}
 * then sends back as the form field.
 */
final class XsrfBootstrap {

  private static final String PATH = "/__xsrf_bootstrap";

  private XsrfBootstrap() {
  }

  static RouteOptions route() {
    return new RouteOptions().setPath(PATH).setKind(RouteOptions.Kind.HANDLER)
        .setHandler(LoginTest.FormPage.class.getName());
  }

  /** {@code client}, holding an {@code _xsrf} cookie: fetched from the bootstrap page unless it has one already. */
  static SquallClient withXsrf(SquallClient client) {
    if (client.cookie(Xsrf.COOKIE) == null) {
      int status = client.get(PATH).statusCode();
      if (client.cookie(Xsrf.COOKIE) == null) {
        throw new AssertionError("GET " + PATH + " (" + status + ") gave no " + Xsrf.COOKIE + " cookie");
      }
    }
    return client;
  }
}
