package io.streamgate.platform.problems;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * What the problems of a dependency that is down tell a client ({@code streamgate.http.*}, beside the edge's own
 * settings).
 *
 * @param retryAfter what a 503 tells the client to wait before retrying ({@code Retry-After})
 */
@ConfigurationProperties("streamgate.http")
record ProblemSettings(@DefaultValue("2s") Duration retryAfter) {
}
