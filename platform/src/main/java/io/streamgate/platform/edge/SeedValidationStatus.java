package io.streamgate.platform.edge;

import java.util.Set;

/**
 * Routes whose source document answers invalid input with 400 rather than Streamgate's 422 (seeds 003 and 004: "400
 * Bad Request with a structured error"). On them every 422 problem (wrong types, nulls, unknown fields, invalid
 * values) goes out as a 400 with the same body, title and {@code errors}, so a client written against the document
 * keeps working; malformed JSON is 400 everywhere anyway. Streamgate's own routes keep 422, which tells a client
 * "well-formed, but not acceptable" apart from "not JSON". A system declares its seed's routes as a bean of this
 * type; the platform's problem renderer collects them all.
 *
 * @param paths exact request paths, e.g. {@code /create-order}
 */
public record SeedValidationStatus(Set<String> paths) {

    public SeedValidationStatus {
        paths = Set.copyOf(paths);
    }
}
