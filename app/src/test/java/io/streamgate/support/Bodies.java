package io.streamgate.support;

import org.springframework.core.ParameterizedTypeReference;

import java.util.Map;

/** Body types for {@code WebTestClient.expectBody(...)}. */
public final class Bodies {

    public static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private Bodies() {
    }
}
