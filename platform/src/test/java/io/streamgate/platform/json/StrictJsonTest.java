package io.streamgate.platform.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    record Sample(BigDecimal amount, @JsonProperty("name") String name) {
    }

    private final JsonMapper json = strict();

    private static JsonMapper strict() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new StrictJson().customize(builder);
        return builder.build();
    }

    @Test
    void shouldReadDecimalsExactly() {
        assertThat(json.readValue("{\"amount\": 0.1, \"name\": \"a\"}", Sample.class).amount())
                .isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void shouldNotCoerceStringsToNumbersOrNumbersToStrings() {
        assertThatThrownBy(() -> json.readValue("{\"amount\": \"0.1\", \"name\": \"a\"}", Sample.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"amount\": 1, \"name\": 12}", Sample.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"amount\": 1, \"name\": true}", Sample.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void shouldRejectUnknownFieldsDuplicatesAndTrailingContent() {
        assertThatThrownBy(() -> json.readValue("{\"amount\": 1, \"name\": \"a\", \"x\": 1}", Sample.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> json.readValue("{\"amount\": 1, \"amount\": 2}", Sample.class))
                .isInstanceOf(StreamReadException.class);
        assertThatThrownBy(() -> json.readValue("{\"amount\": 1} {}", Sample.class))
                .isInstanceOf(MismatchedInputException.class);
    }
}
