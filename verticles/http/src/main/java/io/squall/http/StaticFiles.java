package io.squall.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.ext.web.handler.FileSystemAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one static route: where they live, which request paths may reach them, and their content hashes
 * (Tornado's {@code static_url}). Hashes are read with async file reads and cached per path; in development mode
 * every use re-checks the file's last-modified time and size and hashes it again when they changed. Outside
 * development mode files are taken not to change while the node runs, as Tornado and Vert.x Web assume.
 */
public final class StaticFiles {

  private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

  /** Length of the {@code v} parameter: the first 12 hex digits of the SHA-256 of the content. */
  public static final int VERSION_LENGTH = 12;
  private static final int READ_BUFFER = 64 * 1024;

  /** The content hash of one file when it had this last-modified time and size. */
  record Version(String hash, long lastModified, long size) {
    String tag() {
      return hash.substring(0, VERSION_LENGTH);
    }
  }

  private final Vertx vertx;
  private final String mount;
  private final String root;
  private final FileSystemAccess access;
  private final boolean dev;
  private final Map<String, Version> versions = new ConcurrentHashMap<>();

  private StaticFiles(Vertx vertx, String mount, String root, FileSystemAccess access, boolean dev) {
    this.vertx = vertx;
    this.mount = mount;
    this.root = root;
    this.access = access;
    this.dev = dev;
  }

  /**
   * @param mount the route's path ({@code /static/*}) or its prefix ({@code /static/})
   * @param dir   a folder relative to the working directory, an absolute folder, or {@code classpath:FOLDER}
   */
  public static StaticFiles create(Vertx vertx, String mount, String dir, boolean dev) {
    String problem = dirProblem(dir);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    String prefix = mount.endsWith("*") ? mount.substring(0, mount.length() - 1) : mount;
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    if (dir.startsWith("classpath:")) {
      String folder = trimSlashes(dir.substring("classpath:".length()));
      Path unpacked = unpackedClasspathFolder(folder);
      return unpacked != null
          ? new StaticFiles(vertx, prefix, unpacked.toString(), FileSystemAccess.ROOT, dev)
          // In a jar: Vert.x's file resolver finds it on the class path (a same-named folder in the working
          // directory would come first, as everywhere in Vert.x).
          : new StaticFiles(vertx, prefix, folder, FileSystemAccess.RELATIVE, dev);
    }
    // Relative folders are resolved against the working directory now, so they never fall back to the classpath.
    Path folder = Path.of(dir).toAbsolutePath().normalize();
    if (!Path.of(dir).isAbsolute()) {
      // said once at start, so a node started from another folder does not serve (or 404) the wrong tree unnoticed
      log.info("http: {} serves {} (dir '{}' is relative to the working directory)", mount, folder, dir);
    }
    return new StaticFiles(vertx, prefix, folder.toString(), FileSystemAccess.ROOT, dev);
  }

  /**
   * What is wrong with a static route's folder, or null. {@code classpath:} alone (or {@code classpath:/}) would
   * serve the whole class path: every class, the descriptor and any bundled key or config.
   */
  static String dirProblem(String dir) {
    return dir.startsWith("classpath:") && trimSlashes(dir.substring("classpath:".length())).isEmpty()
        ? "'" + dir + "' would serve the whole class path: name a folder in it (e.g. classpath:webroot)" : null;
  }

  /**
   * Tornado's {@code static_url}: {@code /static/app.css?v=<first 12 hex digits of the SHA-256 of the content>}.
   * A file that cannot be read (or a refused path) gets its plain URL, so a page still renders; such a URL is
   * served with {@code Cache-Control: no-cache}.
   *
   * @param relativePath below the route's folder, not URL-encoded: {@code css/site.css}
   */
  public Future<String> url(String relativePath) {
    String rel = relativePath.startsWith("/") ? relativePath.substring(1) : relativePath;
    String plain = mount + encode(rel);
    if (!allowed(rel) || rel.isEmpty()) {
      return Future.succeededFuture(plain);
    }
    return version(rel).map(v -> v == null ? plain : plain + "?v=" + v.tag());
  }

  /** The mount prefix, ending with '/'. */
  String mount() {
    return mount;
  }

  String root() {
    return root;
  }

  FileSystemAccess access() {
    return access;
  }

  /** The file's current version, or null when it is not a readable regular file. */
  Future<Version> version(String rel) {
    Version known = versions.get(rel);
    if (known != null && !dev) {
      return Future.succeededFuture(known);
    }
    FileSystem fs = vertx.fileSystem();
    String file = root + "/" + rel;
    return fs.props(file).compose(props -> {
      if (!props.isRegularFile()) {
        return Future.succeededFuture((Version) null);
      }
      Version cached = versions.get(rel);
      if (cached != null && cached.lastModified() == props.lastModifiedTime() && cached.size() == props.size()) {
        return Future.succeededFuture(cached);
      }
      return sha256(fs, file).map(hash -> {
        Version v = new Version(hash, props.lastModifiedTime(), props.size());
        versions.put(rel, v);
        return v;
      });
    }).otherwise(e -> null);
  }

  /**
   * Whether the files are a folder on disk (not in a jar), so {@link #versionedUrls} can list them. Blocking: call
   * it where {@link #versionedUrls} runs.
   */
  boolean isFolder() {
    return access == FileSystemAccess.ROOT && Files.isDirectory(Path.of(root));
  }

  /**
   * Blocking, for a worker thread: walks the folder and gives every file that may be served its {@link #url}, in
   * name order, with the hashes {@link #version} computes (and shares: both fill the same cache, and a file whose
   * last-modified time and size are unchanged is not read again). Hidden files and folders are skipped, folders
   * reached through a symbolic link are not entered, and unreadable entries are left out.
   *
   * @param limit at most this many files are listed
   * @param listed told the number of files listed, and whether the walk stopped at the limit
   */
  java.util.SortedMap<String, String> versionedUrls(int limit, java.util.function.BiConsumer<Integer, Boolean> listed)
      throws IOException {
    java.util.SortedMap<String, String> urls = new java.util.TreeMap<>();
    Path base = Path.of(root);
    boolean[] truncated = {false};
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(base) || allowed(slashes(base.relativize(dir)))
            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String rel = slashes(base.relativize(file));
        if (rel.isEmpty() || !allowed(rel) || !Files.isRegularFile(file)) {
          return FileVisitResult.CONTINUE;
        }
        if (urls.size() >= limit) {
          truncated[0] = true;
          return FileVisitResult.TERMINATE;
        }
        try {
          long lastModified = Files.getLastModifiedTime(file).toMillis();
          long size = Files.size(file);
          Version v = versions.get(rel);
          if (v == null || v.lastModified() != lastModified || v.size() != size) {
            v = new Version(sha256(file), lastModified, size);
            versions.put(rel, v);
          }
          urls.put(rel, mount + encode(rel) + "?v=" + v.tag());
        } catch (IOException | UncheckedIOException e) {
          // unreadable: its pages get the plain URL, as from url()
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    listed.accept(urls.size(), truncated[0]);
    return urls;
  }

  /** A relative path with '/' between names (a backslash in a name stays, and is refused by {@link #allowed}). */
  private static String slashes(Path rel) {
    return java.io.File.separatorChar == '/' ? rel.toString() : rel.toString().replace(java.io.File.separatorChar, '/');
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[READ_BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Streams the file through SHA-256 in chunks, so a large file is never held in memory. */
  private static Future<String> sha256(FileSystem fs, String file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      return Future.failedFuture(e);
    }
    return fs.open(file, new OpenOptions().setRead(true).setWrite(false).setCreate(false)).compose(f -> {
      Promise<String> hash = Promise.promise();
      f.setReadBufferSize(READ_BUFFER);
      f.exceptionHandler(e -> f.close().onComplete(x -> hash.tryFail(e)));
      f.endHandler(x -> f.close().onComplete(y -> hash.tryComplete(HexFormat.of().formatHex(digest.digest()))));
      f.handler(chunk -> digest.update(chunk.getBytes()));
      return hash.future();
    });
  }

  /**
   * The file path below the root that the part of a normalized request path after the mount point names, or
   * null when it is refused: bad percent-encoding or UTF-8, a backslash or control character (C0, DEL or C1), an
   * empty, dot or dot-dot segment, or any segment starting with '.' (hidden files and folders such as {@code .git}).
   * The result is decoded exactly once, as Vert.x Web's StaticHandler decodes it, so both name the same file.
   */
  static String relativePath(String encoded) {
    String decoded = percentDecode(encoded);
    return decoded != null && allowed(decoded) ? decoded : null;
  }

  /** Whether a decoded relative path may be served; the empty path (the folder itself) is allowed here. */
  static boolean allowed(String decoded) {
    if (decoded.isEmpty()) {
      return true;
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      // C0 and C1 controls and DEL: no file a site serves has one, and they can split or hide a log line
      if (Character.isISOControl(c) || c == '\\') {
        return false;
      }
    }
    for (String segment : decoded.split("/", -1)) {
      if (segment.isEmpty() || segment.charAt(0) == '.') {
        return false;
      }
    }
    return true;
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
          return null;
        }
        bytes.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters and the '/' between segments. */
  static String encode(String rel) {
    StringBuilder out = new StringBuilder(rel.length());
    for (byte b : rel.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  /** The folder on disk when the class path holds it unpacked (target/classes, an IDE), else null. */
  private static Path unpackedClasspathFolder(String folder) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    URL url = (loader != null ? loader : StaticFiles.class.getClassLoader()).getResource(folder);
    if (url == null || !"file".equals(url.getProtocol())) {
      return null;
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String trimSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '/') {
      to--;
    }
    return s.substring(from, to);
  }
}
