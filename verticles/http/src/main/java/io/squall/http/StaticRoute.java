package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;

/** Files from a folder or the classpath (placeholder: versioning, ETag and the refusal tests come next). */
final class StaticRoute {

  private StaticRoute() {
  }

  static Handler<RoutingContext> create(RouteOptions r, boolean dev) {
    String dir = r.getDir().startsWith("classpath:") ? r.getDir().substring("classpath:".length()) : r.getDir();
    FileSystemAccess access = Path.of(dir).isAbsolute() ? FileSystemAccess.ROOT : FileSystemAccess.RELATIVE;
    return StaticHandler.create(access, dir).setIncludeHidden(false).setDirectoryListing(false)
        .setEnableRangeSupport(true).setCachingEnabled(!dev);
  }
}
