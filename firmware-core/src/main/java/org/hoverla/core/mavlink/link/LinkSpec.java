package org.hoverla.core.mavlink.link;

import org.hoverla.core.mavlink.StreamProfile;

/**
 * One {@code --mavlink} link specification.
 *
 * <pre>
 * udp:HOST:PORT[?bind=LOCALPORT]   send to HOST:PORT (e.g. a ground station on 127.0.0.1:14550)
 *                                  from LOCALPORT (default: ephemeral); replies go to whoever
 *                                  last sent to us
 * udpin:HOST:PORT                  listen on HOST:PORT (0.0.0.0 for all interfaces); replies go
 *                                  to whoever last sent to us
 * tcp:PORT | tcpin:HOST:PORT       TCP server; every accepted client is its own link
 * serial:PATH:BAUD                 serial port by path, e.g. serial:/dev/ttyUSB0:57600
 * </pre>
 * Any of them may end in {@code ?profile=normal|onboard} (options joined with {@code &}, e.g.
 * {@code udp:127.0.0.1:14540?bind=14580&profile=onboard}): the {@link StreamProfile} the link
 * streams by default, {@code normal} (a ground station) unless given. IPv6 hosts are written in
 * brackets: {@code udp:[::1]:14550}. Port 0 means "any free port" for local ports. {@link #parse}
 * throws {@link IllegalArgumentException} naming what is wrong.
 */
public sealed interface LinkSpec {

    /** The spec in canonical text form (parseable again). */
    String text();

    /** The telemetry the link (each client of a TCP server) streams by default. */
    StreamProfile profile();

    /** Send to a remote, from an optional fixed local port (0 = ephemeral). */
    record Udp(String remoteHost, int remotePort, int bindPort, StreamProfile profile) implements LinkSpec {
        public Udp(String remoteHost, int remotePort, int bindPort) {
            this(remoteHost, remotePort, bindPort, StreamProfile.NORMAL);
        }

        public String text() {
            return "udp:" + host(remoteHost) + ":" + remotePort + options(bindPort, profile);
        }
    }

    /** Listen on a local address. */
    record UdpIn(String bindHost, int bindPort, StreamProfile profile) implements LinkSpec {
        public UdpIn(String bindHost, int bindPort) {
            this(bindHost, bindPort, StreamProfile.NORMAL);
        }

        public String text() {
            return "udpin:" + host(bindHost) + ":" + bindPort + options(0, profile);
        }
    }

    /** TCP server. */
    record TcpServer(String bindHost, int bindPort, StreamProfile profile) implements LinkSpec {
        public TcpServer(String bindHost, int bindPort) {
            this(bindHost, bindPort, StreamProfile.NORMAL);
        }

        public String text() {
            return "tcpin:" + host(bindHost) + ":" + bindPort + options(0, profile);
        }
    }

    /** Serial port opened by path. */
    record Serial(String path, int baud, StreamProfile profile) implements LinkSpec {
        public Serial(String path, int baud) {
            this(path, baud, StreamProfile.NORMAL);
        }

        public String text() {
            return "serial:" + path + ":" + baud + options(0, profile);
        }
    }

    /**
     * Parses one specification.
     *
     * @throws IllegalArgumentException with a message naming the problem and the accepted forms
     */
    static LinkSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw bad(spec, "empty link specification");
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw bad(spec, "missing scheme");
        }
        String scheme = s.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        String rest = s.substring(colon + 1);
        int bind = 0;
        StreamProfile profile = StreamProfile.NORMAL;
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String option : rest.substring(q + 1).split("&", -1)) {
                if (option.startsWith("bind=") && scheme.equals("udp")) {
                    bind = port(spec, option.substring(5), "bind port", true);
                } else if (option.startsWith("profile=")) {
                    try {
                        profile = StreamProfile.parse(option.substring(8));
                    } catch (IllegalArgumentException e) {
                        throw bad(spec, e.getMessage());
                    }
                } else {
                    throw bad(spec, "unknown option '" + option + "' (bind=LOCALPORT, udp only; profile=normal|onboard)");
                }
            }
            rest = rest.substring(0, q);
        }
        switch (scheme) {
            case "udp": {
                String[] hp = hostPort(spec, rest);
                int port = port(spec, hp[1], "remote port", false);
                return new Udp(hp[0], port, bind, profile);
            }
            case "udpin": {
                String[] hp = hostPort(spec, rest);
                return new UdpIn(hp[0], port(spec, hp[1], "listen port", true), profile);
            }
            case "tcp": {
                if (rest.chars().allMatch(Character::isDigit) && !rest.isEmpty()) {
                    return new TcpServer("0.0.0.0", port(spec, rest, "listen port", true), profile);
                }
                throw bad(spec, "tcp takes a port only (tcp:5760); use tcpin:HOST:PORT to choose the address"
                        + " (outgoing TCP client links are not supported)");
            }
            case "tcpin": {
                String[] hp = hostPort(spec, rest);
                return new TcpServer(hp[0], port(spec, hp[1], "listen port", true), profile);
            }
            case "serial": {
                int last = rest.lastIndexOf(':');
                if (last <= 0) {
                    throw bad(spec, "serial needs a path and a baud rate (serial:/dev/ttyUSB0:57600)");
                }
                String path = rest.substring(0, last);
                String baudText = rest.substring(last + 1);
                int baud;
                try {
                    baud = Integer.parseInt(baudText);
                } catch (NumberFormatException e) {
                    throw bad(spec, "baud rate '" + baudText + "' is not a number");
                }
                if (baud <= 0 || baud > 12_000_000) {
                    throw bad(spec, "baud rate " + baud + " out of range 1..12000000");
                }
                return new Serial(path, baud, profile);
            }
            default:
                throw bad(spec, "unknown scheme '" + scheme + "'");
        }
    }

    private static String[] hostPort(String spec, String rest) {
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw bad(spec, "IPv6 address must be written [ADDR]:PORT");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
        } else {
            int c = rest.lastIndexOf(':');
            if (c < 0) {
                throw bad(spec, "missing port (HOST:PORT)");
            }
            host = rest.substring(0, c);
            port = rest.substring(c + 1);
            if (host.indexOf(':') >= 0) {
                throw bad(spec, "IPv6 address must be written [ADDR]:PORT");
            }
        }
        if (host.isEmpty()) {
            throw bad(spec, "missing host");
        }
        return new String[] {host, port};
    }

    private static int port(String spec, String text, String what, boolean zeroAllowed) {
        int p;
        try {
            p = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(spec, what + " '" + text + "' is not a number");
        }
        if (p < (zeroAllowed ? 0 : 1) || p > 65535) {
            throw bad(spec, what + " " + p + " out of range " + (zeroAllowed ? 0 : 1) + "..65535");
        }
        return p;
    }

    /** The option suffix of {@link #text()}: only what differs from the defaults. */
    private static String options(int bindPort, StreamProfile profile) {
        String bind = bindPort != 0 ? "bind=" + bindPort : "";
        String prof = profile != StreamProfile.NORMAL ? "profile=" + profile.specName() : "";
        if (bind.isEmpty() && prof.isEmpty()) {
            return "";
        }
        return "?" + bind + (!bind.isEmpty() && !prof.isEmpty() ? "&" : "") + prof;
    }

    private static String host(String h) {
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("bad --mavlink link '" + spec + "': " + why
                + "; expected udp:HOST:PORT[?bind=PORT], udpin:HOST:PORT, tcp:PORT, tcpin:HOST:PORT"
                + " or serial:PATH:BAUD, each optionally with ?profile=normal|onboard");
    }
}
