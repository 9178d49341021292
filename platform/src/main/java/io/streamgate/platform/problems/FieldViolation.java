package io.streamgate.platform.problems;

/**
 * One invalid value in a request: the JSON path of the field (e.g. {@code amount}, {@code [3].currency}) and what is
 * wrong with it, worded for the client.
 */
public record FieldViolation(String field, String message) {
}
