package io.streamgate.loadgen;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Refuses any load target that is not this machine's loopback interface (127.0.0.0/8, {@code localhost},
 * {@code ::1}). Generating load at any other address is forbidden here, so the check is strict: host names
 * other than {@code localhost} are refused without being resolved (a DNS name could point anywhere, or change
 * between the check and the connect), and the address that was checked is the one connected to.
 */
public final class LoopbackGuard {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private LoopbackGuard() {
    }

    /**
     * Returns the loopback address to connect to for {@code host}, or throws if the host is not loopback.
     *
     * @param host a URL host: an IPv4 literal, an IPv6 literal with or without brackets, or {@code localhost}
     */
    public static InetAddress requireLoopback(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("no target host given");
        }
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean literal = IPV4_LITERAL.matcher(h).matches() || h.contains(":");
        if (!literal && !h.equalsIgnoreCase("localhost")) {
            throw refused(host);
        }
        try {
            // A literal is parsed, not looked up; "localhost" is resolved through the hosts file and every
            // address it yields must be loopback.
            InetAddress[] addresses = InetAddress.getAllByName(h);
            for (InetAddress a : addresses) {
                if (!a.isLoopbackAddress()) {
                    throw refused(host);
                }
            }
            return addresses[0];
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot parse target host '" + host + "': " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException refused(String host) {
        return new IllegalArgumentException("refusing target host '" + host
                + "': load may only be sent to loopback (127.0.0.0/8, localhost, ::1)");
    }
}
