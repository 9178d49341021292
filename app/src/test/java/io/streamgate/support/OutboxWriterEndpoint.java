package io.streamgate.support;

import io.streamgate.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.util.concurrent.locks.LockSupport;

/**
 * Test classpath only, and only with {@code streamgate.test.outbox-writer=true}: {@code POST /test/outbox-writer}
 * starts writing {@code versions} changes to each of {@code keys} keys (version by version, at most
 * {@code perSecond} changes a second) through {@link OutboxLedger} in the background, so an instance in a separate
 * process produces outbox rows before any feature does, and can be killed while it writes.
 */
@RestController
@ConditionalOnBooleanProperty("streamgate.test.outbox-writer")
class OutboxWriterEndpoint {

    private static final Logger log = LoggerFactory.getLogger(OutboxWriterEndpoint.class);

    record Job(String keyPrefix, int keys, int versions, int perSecond, String writer) {
    }

    private final OutboxLedger ledger;

    OutboxWriterEndpoint(DataSource dataSource, TransactionTemplate transactions, Outbox outbox) {
        this.ledger = new OutboxLedger(new JdbcTemplate(dataSource), transactions, outbox);
    }

    @PostMapping("/test/outbox-writer")
    String start(@RequestBody Job job) {
        Thread.ofPlatform().name("outbox-test-writer").daemon(true).start(() -> write(job));
        return "started";
    }

    private void write(Job job) {
        long interval = 1_000_000_000L / Math.max(1, job.perSecond());
        long next = System.nanoTime();
        for (int version = 1; version <= job.versions(); version++) {
            for (int k = 0; k < job.keys(); k++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                ledger.commit(job.keyPrefix() + k, version, job.writer());
            }
        }
        log.info("Outbox test writer {} done: {} keys x {} versions", job.writer(), job.keys(), job.versions());
    }
}
