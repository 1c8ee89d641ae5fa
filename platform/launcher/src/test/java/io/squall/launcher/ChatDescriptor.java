package io.squall.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The packaged chat descriptor for load tests, which post faster than a person and the post route allows. */
final class ChatDescriptor {

  static final String POST_LIMIT = "rateLimit: {rate: 5, burst: 20}";

  private ChatDescriptor() {
  }

  /** Writes {@code chat.yaml} into {@code dir}: the packaged one with its post route's rate limit lifted. */
  static Path withoutPostLimit(Path dir) throws IOException {
    String packaged;
    try (InputStream in = ChatDescriptor.class.getClassLoader().getResourceAsStream("squall/chat/chat.yaml")) {
      packaged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!packaged.contains(POST_LIMIT)) {
      throw new IllegalStateException("the packaged chat.yaml no longer has " + POST_LIMIT + ": update this helper");
    }
    return Files.writeString(dir.resolve("chat.yaml"),
        packaged.replace(POST_LIMIT, "rateLimit: {rate: 100000, burst: 100000}"));
  }
}
