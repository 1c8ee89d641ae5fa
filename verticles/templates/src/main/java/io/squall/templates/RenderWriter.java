package io.squall.templates;

import java.io.Writer;
import java.util.Arrays;

/**
 * Where one render writes its page: a char array, unsynchronized (a render runs on one thread), turned into the
 * page's String once at the end ({@link #finish}).
 *
 * <p>Why not {@link java.io.StringWriter}: it appends to a StringBuffer, which takes a lock on every write, and
 * copies Pebble's char arrays (its static text, and every value, which Pebble's size limit passes on as chars) into a
 * Latin-1 byte array one char at a time, checking each. Here each write is one array copy, and {@code finish}
 * compresses the whole page at once.
 *
 * <p>The array is the thread's: {@link #open} takes it and {@link #finish} gives it back (unless it grew past
 * {@link #KEPT_CHARS}), so a render thread does not allocate, zero and regrow a fresh one for every page. Only the
 * array is reused; every render writes its page into it from the start.
 */
final class RenderWriter extends Writer {

  /** The largest array a thread keeps between renders (chars; 2 bytes each). */
  static final int KEPT_CHARS = 64 * 1024;
  private static final int INITIAL_CHARS = 8 * 1024;
  private static final ThreadLocal<char[]> SPARE = new ThreadLocal<>();

  private char[] buffer;
  private int count;

  private RenderWriter(char[] buffer) {
    this.buffer = buffer;
  }

  /** A writer for one render on this thread, on the thread's spare array if it has one. */
  static RenderWriter open() {
    char[] spare = SPARE.get();
    if (spare == null) {
      return new RenderWriter(new char[INITIAL_CHARS]);
    }
    SPARE.set(null); // a render inside this render (none today) would get an array of its own
    return new RenderWriter(spare);
  }

  /** The page, and the array back to the thread. The writer must not be used after. */
  String finish() {
    String page = new String(buffer, 0, count);
    release();
    return page;
  }

  /** The array back to the thread (also for a render that failed). Idempotent. */
  void release() {
    if (buffer != null && buffer.length <= KEPT_CHARS) {
      SPARE.set(buffer);
    }
    buffer = null;
  }

  private void ensure(int more) {
    int needed = count + more;
    if (needed < 0) {
      throw new OutOfMemoryError("render output over 2^31 chars");
    }
    if (needed > buffer.length) {
      int doubled = buffer.length > (Integer.MAX_VALUE - 8) / 2 ? Integer.MAX_VALUE - 8 : buffer.length * 2;
      buffer = Arrays.copyOf(buffer, Math.max(needed, doubled));
    }
  }

  @Override
  public void write(int c) {
    ensure(1);
    buffer[count++] = (char) c;
  }

  @Override
  public void write(char[] chars, int offset, int length) {
    if ((offset | length | (chars.length - offset - length)) < 0) {
      throw new IndexOutOfBoundsException();
    }
    ensure(length);
    System.arraycopy(chars, offset, buffer, count, length);
    count += length;
  }

  @Override
  public void write(char[] chars) {
    write(chars, 0, chars.length);
  }

  @Override
  public void write(String s, int offset, int length) {
    if ((offset | length | (s.length() - offset - length)) < 0) {
      throw new IndexOutOfBoundsException();
    }
    ensure(length);
    s.getChars(offset, offset + length, buffer, count);
    count += length;
  }

  @Override
  public void write(String s) {
    write(s, 0, s.length());
  }

  @Override
  public RenderWriter append(CharSequence s) {
    String string = String.valueOf(s);
    write(string, 0, string.length());
    return this;
  }

  @Override
  public RenderWriter append(CharSequence s, int start, int end) {
    String string = String.valueOf(s == null ? "null" : s.subSequence(start, end));
    write(string, 0, string.length());
    return this;
  }

  @Override
  public RenderWriter append(char c) {
    write(c);
    return this;
  }

  @Override
  public void flush() {
    // nothing buffered elsewhere
  }

  @Override
  public void close() {
    // the array goes back to the thread in finish or release
  }

  /** Chars written so far. */
  int length() {
    return count;
  }

  /** The page written so far (for tests; a render ends with {@link #finish}). */
  @Override
  public String toString() {
    return new String(buffer, 0, count);
  }
}
