package io.squall.platform;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failure convention of every Squall address: a {@link ReplyException} whose failure code is an HTTP status
 * and whose message is safe to show a user. The http verticle maps failures to responses with {@link #httpStatus}.
 */
public final class Failures {

  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHENTICATED = 401;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int TOO_LARGE = 413;
  public static final int THROTTLED = 429;
  public static final int INTERNAL = 500;
  public static final int UNAVAILABLE = 503;
  public static final int TIMEOUT = 504;

  /**
   * The message of a 503 whose request went to a node that left the cluster before it answered: the request may or
   * may not have taken effect there. A caller may repeat it at once (with the same idempotency key, if it had one).
   */
  public static final String NODE_LOST = "node_lost";

  private static final Pattern RETRY_AFTER = Pattern.compile("; retry after (\\d{1,9}) s$");

  private Failures() {
  }

  /** A failure to reply with: {@code message.fail(...)} or {@code Future.failedFuture(Failures.of(...))}. */
  public static ReplyException of(int status, String safeMessage) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("failure code must be an HTTP error status, got " + status);
    }
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status, safeMessage);
  }

  public static ReplyException badRequest(String safeMessage) {
    return of(BAD_REQUEST, safeMessage);
  }

  public static ReplyException notFound(String safeMessage) {
    return of(NOT_FOUND, safeMessage);
  }

  /**
   * A 429 that says when to come back. A reply failure carries only a code and a message, so the wait travels at
   * the end of the message ({@code "...; retry after 42 s"}), where {@link #retryAfter} finds it for the HTTP
   * {@code Retry-After} header.
   */
  public static ReplyException throttled(String safeMessage, long retryAfterSeconds) {
    return of(THROTTLED, safeMessage + "; retry after " + retryAfterSeconds + " s");
  }

  /** A 503 {@value #NODE_LOST}: the node a request went to left the cluster before it answered. */
  public static ReplyException nodeLost() {
    return of(UNAVAILABLE, NODE_LOST);
  }

  public static boolean isNodeLost(Throwable failure) {
    return httpStatus(failure) == UNAVAILABLE && NODE_LOST.equals(failure.getMessage());
  }

  /**
   * Seconds the caller should wait before trying again, or -1 when the failure says nothing about it: a 429's own
   * wait, and 1 for {@value #NODE_LOST} (another node can take the request at once; the second is for the cluster
   * to have seen the loss everywhere).
   */
  public static long retryAfter(Throwable failure) {
    if (isNodeLost(failure)) {
      return 1;
    }
    if (httpStatus(failure) != THROTTLED || failure.getMessage() == null) {
      return -1;
    }
    Matcher m = RETRY_AFTER.matcher(failure.getMessage());
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * The HTTP status for any failure of a request: the failure code of a recipient's {@link ReplyException},
   * 504 for a timeout, 503 when nobody consumes the address or the node's Hazelcast member is not running, 500 for
   * anything else.
   */
  public static int httpStatus(Throwable failure) {
    if (storeDown(failure)) {
      return UNAVAILABLE;
    }
    if (failure instanceof ReplyException re) {
      return switch (re.failureType()) {
        case TIMEOUT -> TIMEOUT;
        case NO_HANDLERS -> UNAVAILABLE;
        default -> re.failureCode() >= 400 && re.failureCode() <= 599 ? re.failureCode() : INTERNAL;
      };
    }
    return INTERNAL;
  }

  /**
   * Whether the failure is the node's Hazelcast member being shut down or gone (out of memory, split from the
   * cluster, stopping): a state the caller can wait out or retry elsewhere, not a bug. Health says so too.
   */
  private static boolean storeDown(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HazelcastInstanceNotActiveException) {
        return true;
      }
    }
    return false;
  }

  /** A message fit for a user: the recipient's own for 4xx/503, a generic one otherwise (no internals leak). */
  public static String safeMessage(Throwable failure) {
    int status = httpStatus(failure);
    if (failure instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && status != INTERNAL && re.getMessage() != null) {
      return re.getMessage();
    }
    if (storeDown(failure)) {
      return "the cluster store is not available";
    }
    return switch (status) {
      case TIMEOUT -> "the service did not answer in time";
      case UNAVAILABLE -> "the service is not available";
      default -> "internal error";
    };
  }
}
