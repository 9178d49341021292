package io.streamgate.platform.problems;

/**
 * Turns an exception of one platform part (the publisher, the registry client, the database) into the problem the
 * client gets. Each part contributes its own as a bean, so the error mapping lives in one place per cause and the
 * feature packages never map infrastructure failures themselves.
 */
@FunctionalInterface
public interface ProblemTranslator {

    /** The problem for {@code failure}, or {@code null} when this translator does not know it. */
    ApiProblem translate(Throwable failure);
}
