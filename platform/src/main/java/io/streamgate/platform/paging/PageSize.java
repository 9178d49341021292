package io.streamgate.platform.paging;

import io.streamgate.platform.problems.ApiProblem;

/**
 * How many items a page of a route holds: the client's {@code ?limit=}, a whole number from 1 to {@code max}, or
 * {@code byDefault} when it sends none. Anything else is refused as an invalid value of {@code limit}: 422, or 400 on
 * a route that answers invalid input as its seed does.
 *
 * @param byDefault the size of a page when the request gives no limit
 * @param max       the largest limit accepted
 */
public record PageSize(int byDefault, int max) {

    public PageSize {
        if (byDefault < 1 || max < byDefault) {
            throw new IllegalArgumentException("A page size needs 1 <= default <= max: " + byDefault + ", " + max);
        }
    }

    /** The size a request asks for with {@code limit} (null when it gave none). */
    public int parse(String limit) {
        if (limit == null) {
            return byDefault;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= max) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw ApiProblem.invalid("limit", "must be a whole number from 1 to " + max);
    }
}
