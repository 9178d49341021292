package io.streamgate.platform.ingest;

import io.streamgate.schemas.Topic;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventIntakeTest {

    record Greeting(String user, String text) {
    }

    private static final Topic<String, Greeting> GREETINGS = new Topic<>("greetings", String.class, Greeting.class);

    private final RecordingPublisher publisher = RecordingPublisher.acknowledging();
    private final EventIntake<String, Greeting> intake = new EventIntake<>(publisher, GREETINGS, Greeting::user);

    @Test
    void shouldPublishTheEventToItsTopicUnderItsKeyWithTheRequestId() {
        Greeting hello = new Greeting("ada", "hello");

        assertThat(intake.publish(hello, "req-1")).isCompleted();

        assertThat(publisher.published).containsExactly(new RecordingPublisher.Published("greetings", "ada", hello,
                Map.of("X-Request-ID", "req-1")));
    }

    @Test
    void shouldAddTheRoutesOwnHeadersToTheRequestId() {
        Greeting hello = new Greeting("ada", "hello");

        intake.publish(hello, "req-2", Map.of("X-Client-Request-ID", "client-7"));

        assertThat(publisher.published.getFirst().headers())
                .isEqualTo(Map.of("X-Request-ID", "req-2", "X-Client-Request-ID", "client-7"));
    }

    @Test
    void shouldKeepTheRequestIdOverAHeaderOfTheSameName() {
        intake.publish(new Greeting("ada", "hello"), "req-3", Map.of("X-Request-ID", "forged"));

        assertThat(publisher.published.getFirst().headers()).containsEntry("X-Request-ID", "req-3");
    }
}
