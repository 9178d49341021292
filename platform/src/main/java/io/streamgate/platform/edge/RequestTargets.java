package io.streamgate.platform.edge;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether a request target (path and query string, as the request line carries it) is one Spring's request can hold:
 * WebFlux builds a {@link URI} of it, and answers a target that is not one with a bare 400 before any filter runs, so
 * without a request id or a problem. A scan of the characters decides nearly every target; only one with a character
 * outside the safe set is parsed, exactly as Spring would.
 */
final class RequestTargets {

    private RequestTargets() {
    }

    static boolean acceptable(String target) {
        return plainlySafe(target) || parses(target);
    }

    /** Unreserved and sub-delimiter characters, '/', '?', ':', '@', and '%' followed by two hex digits. */
    private static boolean plainlySafe(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                continue;
            }
            switch (c) {
                case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '/', '?' -> {
                }
                case '%' -> {
                    if (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2))) {
                        return false;
                    }
                    i += 2;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean parses(String target) {
        try {
            new URI("http://localhost" + (target.startsWith("/") ? "" : "/") + target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
