package io.streamgate.platform.paging;

import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PageSizeTest {

    private final PageSize pages = new PageSize(20, 100);

    @Test
    void shouldTakeTheDefaultWithoutALimitAndAnyWholeNumberUpToTheMaximum() {
        assertThat(pages.parse(null)).isEqualTo(20);
        assertThat(pages.parse("1")).isEqualTo(1);
        assertThat(pages.parse("100")).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "101", "2.5", "ten", "", "99999999999"})
    void shouldRefuseAnyOtherLimitNamingTheParameter(String limit) {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> pages.parse(limit));

        assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(problem.violations())
                .containsExactly(new FieldViolation("limit", "must be a whole number from 1 to 100"));
    }

    @Test
    void shouldRefuseADefaultOutsideItsRange() {
        assertThatThrownBy(() -> new PageSize(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageSize(11, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
