package io.squall.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * A Logback {@link ListAppender} on one logger, for tests: {@link #await} waits (without sleeping) for a line that
 * is logged after the response has been sent, as the access log's is.
 */
final class LogCapture extends ListAppender<ILoggingEvent> implements AutoCloseable {

  private final Logger logger;

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  static LogCapture attach(String loggerName) {
    LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    capture.start();
    capture.logger.addAppender(capture);
    return capture;
  }

  /** Called by {@code doAppend}, which holds this appender's lock. */
  @Override
  protected void append(ILoggingEvent event) {
    super.append(event);
    notifyAll();
  }

  /** The formatted messages so far. */
  synchronized List<String> lines() {
    return list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** The first line matching, waiting up to {@code timeout} for it; fails the test when none comes. */
  synchronized String await(Predicate<String> matching, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (ILoggingEvent e : list) {
        if (matching.test(e.getFormattedMessage())) {
          return e.getFormattedMessage();
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching log line within " + timeout + "; got " + lines());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized String await(String containing) throws InterruptedException {
    return await(l -> l.contains(containing), Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
