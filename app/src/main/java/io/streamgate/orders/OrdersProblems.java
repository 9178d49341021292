package io.streamgate.orders;

import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.problems.ProblemTranslator;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.Map;

/** How the orders system's rejections reach clients (problem+json). */
class OrdersProblems implements ProblemTranslator {

    @Override
    public ApiProblem translate(Throwable failure) {
        return switch (failure) {
            case IllegalTransitionException illegal -> new ApiProblem(HttpStatus.CONFLICT, "Illegal transition",
                    illegal.getMessage(), null, null, Map.of("rule", illegal.rule().code()));
            case OrderNotFoundException notFound -> ApiProblem.notFound(notFound.getMessage());
            case OrderAlreadyExistsException exists -> ApiProblem.conflict(exists.getMessage(), null);
            case StaleOrderVersionException stale -> new ApiProblem(HttpStatus.PRECONDITION_FAILED,
                    "Precondition failed", stale.getMessage(), null, null,
                    Map.of("current_version", stale.currentVersion()));
            case UnrecognizedPropertyException unknown when unknown.getReferringClass() == OrderRequest.class
                    && OrderRequest.READ_ONLY.contains(unknown.getPropertyName()) ->
                    ApiProblem.invalid(List.of(new FieldViolation(unknown.getPropertyName(),
                            "is read-only: the server sets it")));
            default -> null;
        };
    }
}
