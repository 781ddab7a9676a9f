package dev.asyncinspect.attach;

import java.util.Optional;

/** Where a debugger can connect to a JDWP agent. */
public record JdwpEndpoint(String host, int port) {

    private static final String LOOPBACK = "127.0.0.1";

    public String address() {
        return host + ":" + port;
    }

    /**
     * Parses what JDWP reports as its listening address: {@code dt_socket:40123},
     * {@code 127.0.0.1:40123}, {@code [::1]:40123} or just {@code 40123}. A missing or wildcard
     * host means the agent listens on every interface, so loopback reaches it.
     */
    static Optional<JdwpEndpoint> parse(String reported) {
        String text = reported.strip();
        if (text.startsWith("dt_socket:")) {
            text = text.substring("dt_socket:".length());
        }
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port <= 0 || port > 65535) {
            return Optional.empty();
        }
        boolean anyHost = host.isEmpty() || host.equals("*") || host.equals("0.0.0.0") || host.equals("::");
        return Optional.of(new JdwpEndpoint(anyHost ? LOOPBACK : host, port));
    }
}
