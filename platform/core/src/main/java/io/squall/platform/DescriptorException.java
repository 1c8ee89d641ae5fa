package io.squall.platform;

import java.util.List;
import java.util.stream.Collectors;

/** A descriptor that cannot be used; carries every problem found, each with file, line and field. */
public final class DescriptorException extends RuntimeException {

  private final List<DescriptorProblem> problems;

  public DescriptorException(List<DescriptorProblem> problems) {
    super(problems.stream().map(DescriptorProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public DescriptorException(DescriptorProblem problem) {
    this(List.of(problem));
  }

  public List<DescriptorProblem> problems() {
    return problems;
  }
}
