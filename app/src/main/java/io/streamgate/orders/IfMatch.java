package io.streamgate.orders;

/** Reads the version a client expects from {@code If-Match}: our ETags are the order's version, quoted. */
final class IfMatch {

    /** A version no order has: an If-Match we cannot read never matches, so the change is refused (412). */
    static final long UNMATCHABLE = -1;

    private IfMatch() {
    }

    /** The expected version; null when any version will do (no header, or {@code *}). */
    static Long version(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            return UNMATCHABLE;
        }
    }
}
