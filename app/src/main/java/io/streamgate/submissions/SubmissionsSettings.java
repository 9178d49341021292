package io.streamgate.submissions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code streamgate.submissions.*}
 *
 * @param maxCodeSize      the largest {@code code} accepted, in bytes of UTF-8
 * @param maxInputSize     the largest {@code input_data} accepted, in bytes of UTF-8
 * @param maxUserIdLength  the longest {@code user_id} accepted, in characters
 * @param languages        what {@code GET /supported-languages} lists and {@code language} must be one of (by value)
 */
@ConfigurationProperties("streamgate.submissions")
public record SubmissionsSettings(
        @DefaultValue("64KB") DataSize maxCodeSize,
        @DefaultValue("64KB") DataSize maxInputSize,
        @DefaultValue("128") int maxUserIdLength,
        List<Language> languages) {

    /** A language a submission may be written in, as seed 004 lists it. */
    public record Language(String name, String value, String extension) {
    }

    public SubmissionsSettings {
        languages = languages == null ? List.of() : List.copyOf(languages);
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("streamgate.submissions.languages must name at least one language");
        }
        Set<String> values = new HashSet<>();
        for (Language language : languages) {
            if (language.value() == null || language.value().isBlank() || language.name() == null) {
                throw new IllegalArgumentException("streamgate.submissions.languages: every language needs a name and "
                        + "a value, got " + language);
            }
            if (!values.add(language.value())) {
                throw new IllegalArgumentException("streamgate.submissions.languages: value '" + language.value()
                        + "' is listed twice");
            }
        }
    }

    /**
     * The request body this route must accept: code and input at their limits, with JSON escaping that can double
     * their size (newlines, quotes and backslashes are two bytes each), plus room for the other fields.
     */
    long bodySizeNeeded() {
        return 2 * (maxCodeSize.toBytes() + maxInputSize.toBytes()) + 4L * maxUserIdLength + 1024;
    }
}
