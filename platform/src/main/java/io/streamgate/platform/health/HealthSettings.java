package io.streamgate.platform.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.health.*}
 *
 * @param checkWait how long a caller of a blocking health check (the schema registry's, the database's) waits for
 *                  its shared run before it answers DOWN for itself; the run goes on and serves later callers
 */
@ConfigurationProperties("streamgate.health")
public record HealthSettings(@DefaultValue("3s") Duration checkWait) {
}
