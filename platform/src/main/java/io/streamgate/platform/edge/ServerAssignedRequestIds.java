package io.streamgate.platform.edge;

import java.util.Set;

/**
 * Routes on which the request id names what the request creates (a submission, a job), so it must be unique: there
 * the server always assigns a fresh id and never takes the client's {@code X-Request-ID} as it, because a client may
 * send the same one twice (a retry, a front end with a constant header). The client's sane id is still kept as
 * {@link RequestIds#offered}. A system declares its routes as a bean of this type; the platform's request id filter
 * collects them all.
 *
 * @param paths exact request paths, e.g. {@code /submit-code}
 */
public record ServerAssignedRequestIds(Set<String> paths) {

    public ServerAssignedRequestIds {
        paths = Set.copyOf(paths);
    }
}
