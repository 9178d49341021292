package io.streamgate.submissions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured languages, in their configured order, looked up by value. */
class Languages {

    private final List<SubmissionsSettings.Language> all;
    private final Map<String, SubmissionsSettings.Language> byValue = new LinkedHashMap<>();

    Languages(List<SubmissionsSettings.Language> languages) {
        this.all = List.copyOf(languages);
        languages.forEach(language -> byValue.put(language.value(), language));
    }

    List<SubmissionsSettings.Language> all() {
        return all;
    }

    /** Exact match on the value: {@code Python} is not {@code python}, as the seed's front end sends values. */
    boolean supports(String value) {
        return byValue.containsKey(value);
    }

    List<String> values() {
        return List.copyOf(byValue.keySet());
    }
}
