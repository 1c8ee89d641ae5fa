package io.squall.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data behind {@code static_url()} in templates, which render in another verticle, maybe on another node, and
 * so cannot hash files themselves: {@code {"app.css": "/static/app.css?v=<hash>", "css/site.css": ...}} for every
 * file of every static route whose folder is on disk (a class path folder inside a jar cannot be listed and is left
 * out). Keys are paths below the route's folder; when two routes have the same one, the earlier route wins.
 *
 * <p>The folders are walked on a worker thread ({@code executeBlocking}), at most {@link #MAX_FILES} files in all,
 * with the hashes {@link StaticFiles} uses (and the same cache). Outside development mode this happens once, before
 * the server listens: files are taken not to change while the node runs, as for static routes themselves. In
 * development mode each page walks again first (concurrent pages share one walk; unchanged files are not read
 * again), so an edited file has its new version on the next page.
 */
final class StaticLinks {

  static final int MAX_FILES = 10_000;
  private static final Logger log = LoggerFactory.getLogger(StaticLinks.class);

  private final Vertx vertx;
  private final List<StaticFiles> routes = new ArrayList<>();
  private final boolean dev;
  private final int maxFiles;
  private volatile JsonObject current = new JsonObject();
  private Future<JsonObject> walking;
  private boolean warned;

  StaticLinks(Vertx vertx, boolean dev) {
    this(vertx, dev, MAX_FILES);
  }

  StaticLinks(Vertx vertx, boolean dev, int maxFiles) {
    this.vertx = vertx;
    this.dev = dev;
    this.maxFiles = maxFiles;
  }

  /** Adds a static route's files, in route order; before {@link #start()}. */
  StaticLinks add(StaticFiles files) {
    routes.add(files);
    return this;
  }

  /** The first walk; never fails (a folder that cannot be walked contributes nothing). */
  Future<Void> start() {
    return routes.isEmpty() ? Future.succeededFuture() : walk().mapEmpty();
  }

  /** For each page: the links as of now (development mode: after walking again). */
  Future<JsonObject> links() {
    return dev && !routes.isEmpty() ? walk() : Future.succeededFuture(current);
  }

  /** Called on the verticle's event loop only. */
  private Future<JsonObject> walk() {
    if (walking != null) {
      return walking;
    }
    Future<JsonObject> f = vertx.executeBlocking(this::collect, false)
        .onSuccess(links -> current = links)
        .recover(e -> {
          log.warn("static_url: listing static folders failed, pages keep the previous links: {}", e.toString());
          return Future.succeededFuture(current);
        });
    walking = f;
    f.onComplete(ar -> walking = null);
    return f;
  }

  /** Blocking: runs on a worker thread. */
  private JsonObject collect() {
    JsonObject links = new JsonObject();
    int left = maxFiles;
    for (StaticFiles files : routes) {
      if (left <= 0) {
        warnOnce("static_url: more than " + maxFiles + " static files; the rest get plain, unversioned URLs");
        break;
      }
      if (!files.isFolder()) {
        continue;
      }
      int[] count = {0};
      Map<String, String> urls;
      try {
        urls = files.versionedUrls(left, (n, truncated) -> {
          count[0] = n;
          if (truncated) {
            warnOnce("static_url: stopped listing " + files.root() + " at " + maxFiles
                + " static files in all; the rest get plain, unversioned URLs");
          }
        });
      } catch (java.io.IOException | RuntimeException e) {
        log.warn("static_url: cannot list {}: {}", files.root(), e.toString());
        continue;
      }
      left -= count[0];
      urls.forEach((rel, url) -> {
        if (!links.containsKey(rel)) {
          links.put(rel, url);
        }
      });
    }
    return links;
  }

  private synchronized void warnOnce(String message) {
    if (!warned) {
      warned = true;
      log.warn(message);
    }
  }
}
