package io.streamgate.platform.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.dashboard.*}. The dashboard itself is switched by {@code streamgate.dashboard.enabled} (default
 * true; false in the {@code prod} profile unless {@code DASHBOARD_ENABLED=true}).
 *
 * @param interval between two samples of {@code /dashboard/stream}
 */
@ConfigurationProperties("streamgate.dashboard")
record DashboardSettings(@DefaultValue("1s") Duration interval) {
}
