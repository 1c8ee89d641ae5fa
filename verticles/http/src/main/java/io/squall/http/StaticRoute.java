package io.squall.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A {@code static} route: files from a folder or the class path, served by Vert.x Web's {@link StaticHandler}
 * (Range, content types, sendfile), with what it lacks in front of it:
 * <ul>
 *   <li>the request path is checked before any file is touched (see {@link StaticFiles#relativePath}): traversal,
 *       encoded traversal, backslashes and hidden segments are a 404, never a redirect;</li>
 *   <li>ETag is the quoted SHA-256 of the content; If-None-Match and If-Modified-Since answer 304, in development
 *       mode too (StaticHandler sends neither ETag nor, with its cache off, Last-Modified);</li>
 *   <li>{@code ?v=} equal to the content's version is cached for a year ({@code immutable}); anything else must
 *       revalidate ({@code no-cache}), so a stale or forged {@code v} never pins content in caches.</li>
 * </ul>
 * A folder is a 404: no listing and no index page.
 */
final class StaticRoute implements Handler<RoutingContext> {

  static final String CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
  static final String CACHE_REVALIDATE = "no-cache";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final StaticFiles files;
  private final StaticHandler delegate;

  private StaticRoute(StaticFiles files, boolean dev) {
    this.files = files;
    this.delegate = StaticHandler.create(files.access(), files.root())
        .setDirectoryListing(false)
        // Our path check refuses hidden segments below the root; Vert.x's own check looks at every segment of the
        // whole file name, root included, so it stays on as a second line unless the root itself is under a
        // hidden folder (~/.local/share/site), where it would refuse every file.
        .setIncludeHidden(hiddenSegment(files.root()))
        .setEnableRangeSupport(true)
        .setCachingEnabled(!dev);
  }

  static Handler<RoutingContext> create(Vertx vertx, RouteOptions r, boolean dev) {
    return create(StaticFiles.create(vertx, r.getPath(), r.getDir(), dev), dev);
  }

  /** Serves {@code files}, sharing their hash cache with whoever else uses them ({@link StaticLinks}). */
  static Handler<RoutingContext> create(StaticFiles files, boolean dev) {
    return new StaticRoute(files, dev);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (!path.startsWith(files.mount())) {
      ctx.next(); // the mount point itself without its slash: a folder
      return;
    }
    String rel = StaticFiles.relativePath(path.substring(files.mount().length()));
    if (rel == null) {
      ctx.fail(404);
      return;
    }
    if (rel.isEmpty()) {
      ctx.next();
      return;
    }
    String requestedVersion = ctx.queryParams().get("v");
    files.version(rel).onComplete(ar -> {
      StaticFiles.Version version = ar.result();
      if (version == null) {
        ctx.next(); // missing, a folder, or unreadable
        return;
      }
      try {
        serve(ctx, version, version.tag().equals(requestedVersion));
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  private void serve(RoutingContext ctx, StaticFiles.Version version, boolean versioned) {
    HttpServerRequest req = ctx.request();
    HttpServerResponse res = ctx.response();
    String etag = '"' + version.hash() + '"';
    String lastModified = HTTP_DATE.format(Instant.ofEpochMilli(version.lastModified()));
    // Set before StaticHandler runs: it only adds cache-control and last-modified when absent.
    res.putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.LAST_MODIFIED, lastModified)
        .putHeader(HttpHeaders.CACHE_CONTROL, versioned ? CACHE_IMMUTABLE : CACHE_REVALIDATE);
    ctx.addHeadersEndHandler(v -> {
      if (res.getStatusCode() >= 400) { // 416 and failures: nothing to validate or cache
        res.headers().remove(HttpHeaders.ETAG).remove(HttpHeaders.LAST_MODIFIED).remove(HttpHeaders.CACHE_CONTROL);
      }
    });
    if (notModified(req.headers(), etag, version.lastModified())) {
      res.setStatusCode(304).end();
      return;
    }
    String ifRange = req.headers().get("If-Range");
    if (ifRange != null && !ifRange.trim().equals(etag) && !ifRange.trim().equals(lastModified)) {
      // The client's partial copy is of other content: it gets the whole file (StaticHandler ignores If-Range).
      req.headers().remove("Range");
    }
    if (req.headers().contains("Range")) {
      // A gzipped 206 would not match its Content-Range.
      res.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    }
    delegate.handle(ctx);
  }

  /** RFC 9110 13.2.2: If-None-Match (weak comparison) decides when present, else If-Modified-Since. */
  static boolean notModified(MultiMap headers, String etag, long lastModifiedMillis) {
    String noneMatch = headers.get(HttpHeaders.IF_NONE_MATCH);
    if (noneMatch != null) {
      for (String tag : noneMatch.split(",")) {
        String t = tag.trim();
        if (t.startsWith("W/")) {
          t = t.substring(2);
        }
        if (t.equals("*") || t.equals(etag)) {
          return true;
        }
      }
      return false;
    }
    String since = headers.get(HttpHeaders.IF_MODIFIED_SINCE);
    if (since == null) {
      return false;
    }
    try {
      long sinceSeconds = ZonedDateTime.parse(since.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
      return lastModifiedMillis / 1000 <= sinceSeconds;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean hiddenSegment(String root) {
    for (String segment : root.replace('\\', '/').split("/")) {
      if (!segment.isEmpty() && segment.charAt(0) == '.') {
        return true;
      }
    }
    return false;
  }
}
