package io.squall.platform;

/**
 * One thing wrong with a descriptor, located so that a person can go straight to it.
 *
 * @param source the file (or "--set", or the environment variable) the problem comes from
 * @param line 1-based line in {@code source}, or 0 when the source has no lines
 * @param field the field path, e.g. {@code verticles[1].class}
 * @param message what is wrong, in words
 */
public record DescriptorProblem(String source, int line, String field, String message) {

  /** {@code app.yaml:12: verticles[1].class: class com.acme.Foo not found}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }
}
