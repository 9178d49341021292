package io.streamgate.platform.database;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockingTest {

    @Test
    void shouldRunTheWorkOnAThreadThatMayBlockOnlyOnceSubscribed() {
        AtomicInteger runs = new AtomicInteger();
        Mono<String> work = Blocking.call(() -> {
            runs.incrementAndGet();
            return Thread.currentThread().getName();
        });

        assertThat(runs).hasValue(0);
        String thread = work.block();

        assertThat(runs).hasValue(1);
        assertThat(thread).startsWith("boundedElastic").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void shouldFailWithTheWorksException() {
        Mono<Object> work = Blocking.call(() -> {
            throw new IllegalStateException("connection refused");
        });

        assertThatThrownBy(work::block).isInstanceOf(IllegalStateException.class).hasMessage("connection refused");
    }
}
