package io.streamgate.submissions;

import io.streamgate.platform.problems.FieldViolation;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeSubmissionRequestTest {

    private static final List<SubmissionsSettings.Language> SEED_LANGUAGES = List.of(
            new SubmissionsSettings.Language("Python", "python", ".py"),
            new SubmissionsSettings.Language("Go", "go", ".go"));
    private static final CodeSubmissionRequest.Rules RULES =
            new CodeSubmissionRequest.Rules(8, 4, 10, new Languages(SEED_LANGUAGES));

    @Test
    void shouldAcceptTheSeedsSubmission() {
        assertThat(new CodeSubmissionRequest("print(1)", "python", "", "user123").violations(RULES)).isEmpty();
    }

    @Test
    void shouldReportEveryMissingFieldAtOnce() {
        assertThat(new CodeSubmissionRequest(null, null, null, null).violations(RULES))
                .extracting(FieldViolation::field).containsExactly("code", "language", "user_id");
    }

    @Test
    void shouldCountTheLimitInUtf8BytesNotCharacters() {
        assertThat(new CodeSubmissionRequest("éééé", "go", null, "u").violations(RULES)).isEmpty();
        assertThat(new CodeSubmissionRequest("ééééx", "go", null, "u").violations(RULES))
                .extracting(FieldViolation::message).containsExactly("must be at most 8 bytes of UTF-8, got 9");
        assertThat(new CodeSubmissionRequest("🚀🚀", "go", null, "u").violations(RULES)).isEmpty();
        assertThat(new CodeSubmissionRequest("x", "go", "🚀x", "u").violations(RULES))
                .extracting(FieldViolation::field).containsExactly("input_data");
    }

    @Test
    void shouldRefuseTextThatIsNotValidUnicode() {
        assertThat(new CodeSubmissionRequest("a\uD800b", "go", null, "u").violations(RULES))
                .extracting(FieldViolation::message)
                .containsExactly("must be valid Unicode (it holds an unpaired surrogate)");
        assertThat(new CodeSubmissionRequest("ab", "go", "\uDC00", "u").violations(RULES))
                .extracting(FieldViolation::field).containsExactly("input_data");
    }

    @Test
    void shouldMatchLanguagesByTheirExactValueAndListTheValues() {
        assertThat(new CodeSubmissionRequest("x", "Python", null, "u").violations(RULES))
                .extracting(FieldViolation::message).containsExactly("must be one of [python, go]");
    }

    @Test
    void shouldRefuseBlankOrOverlongOrControlCharacterUserIds() {
        assertThat(new CodeSubmissionRequest("x", "go", null, " \t").violations(RULES))
                .extracting(FieldViolation::field).containsExactly("user_id");
        assertThat(new CodeSubmissionRequest("x", "go", null, "u".repeat(11)).violations(RULES))
                .extracting(FieldViolation::message).containsExactly("must be at most 10 characters");
        assertThat(new CodeSubmissionRequest("x", "go", null, "u\n").violations(RULES))
                .extracting(FieldViolation::message).containsExactly("must not contain control characters");
    }

    @Test
    void shouldRefuseLanguageSettingsWithoutLanguagesOrWithADuplicateValue() {
        assertThatThrownBy(() -> new SubmissionsSettings(DataSize.ofKilobytes(64), DataSize.ofKilobytes(64),
                128, List.of())).hasMessageContaining("at least one language");
        assertThatThrownBy(() -> new SubmissionsSettings(DataSize.ofKilobytes(64), DataSize.ofKilobytes(64),
                128, List.of(SEED_LANGUAGES.get(0), SEED_LANGUAGES.get(0)))).hasMessageContaining("listed twice");
    }

    @Test
    void shouldNeedABodyLimitThatFitsCodeAndInputAtTheirLimitsAfterJsonEscaping() {
        SubmissionsSettings settings = new SubmissionsSettings(DataSize.ofKilobytes(64),
                DataSize.ofKilobytes(64), 128, SEED_LANGUAGES);
        assertThat(settings.bodySizeNeeded()).isGreaterThan(2 * 128 * 1024).isLessThanOrEqualTo(512 * 1024);
    }
}
