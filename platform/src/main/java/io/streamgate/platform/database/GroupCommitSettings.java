package io.streamgate.platform.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code streamgate.database.group-commit.*}: see {@link GroupCommit}; {@code enabled=false} (read by the
 * configuration's condition) makes every unit a transaction of its own.
 *
 * @param maxConcurrentGroups group transactions in flight at once, each on one pooled connection
 * @param maxGroupSize        units in one group at most
 */
@ConfigurationProperties("streamgate.database.group-commit")
record GroupCommitSettings(@DefaultValue("4") int maxConcurrentGroups, @DefaultValue("32") int maxGroupSize) {
}
