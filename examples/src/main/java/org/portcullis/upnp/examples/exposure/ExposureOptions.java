package org.portcullis.upnp.examples.exposure;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Command line of {@link ExposureCheck}: {@code <target-ip> [--timeout S] [--port P]}.
 *
 * @param target  the address to probe, an IP literal (no DNS lookup)
 * @param timeout how long to wait for SSDP answers, and the bound of each HTTP exchange; 1..30 s, default
 *                {@value #DEFAULT_TIMEOUT_SECONDS} s
 * @param port    the SSDP port probed, default 1900
 * @param help    whether {@code --help} was given
 */
public record ExposureOptions(InetAddress target, Duration timeout, int port, boolean help) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;
    public static final String USAGE = """
            Usage: ExposureCheck <target-ip> [--timeout S] [--port P]
            Checks from here whether <target-ip> answers UPnP (SSDP on UDP 1900, its description URL, and the
            harmless SOAP GetExternalIPAddress), with at most 3 SSDP datagrams. Run it from outside the network
            (for example from a host on the Internet against your router's public address).
              --timeout S  seconds to wait for answers and for each HTTP exchange (1..30, default 3)
              --port P     SSDP port (default 1900)
            Exit codes: 0 not exposed, 1 exposed, 2 error.
            """;

    public ExposureOptions {
        Objects.requireNonNull(timeout, "timeout");
    }

    /** A command-line mistake; the checker prints it and exits 2. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static ExposureOptions parse(String... args) throws UsageException {
        InetAddress target = null;
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        int port = 1900;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return new ExposureOptions(null, Duration.ofSeconds(timeout), port, true);
                }
                case "--timeout" -> timeout = number(a, value(args, ++i, a), 1, 30);
                case "--port" -> port = number(a, value(args, ++i, a), 1, 65535);
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option " + a);
                    }
                    if (target != null) {
                        throw new UsageException("more than one target: " + a);
                    }
                    target = address(a);
                }
            }
        }
        if (target == null) {
            throw new UsageException("no target address given");
        }
        return new ExposureOptions(target, Duration.ofSeconds(timeout), port, false);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String option, String v, int min, int max) throws UsageException {
        if (!v.matches("\\d{1,6}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            throw new UsageException(option + " must be " + min + ".." + max + ", not " + v);
        }
        return Integer.parseInt(v);
    }

    private static InetAddress address(String v) throws UsageException {
        byte[] raw = NetUtil.createByteArrayFromIpAddressString(v);
        if (raw == null) {
            throw new UsageException("target must be an IP address, not " + v);
        }
        try {
            InetAddress a = InetAddress.getByAddress(raw);
            if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
                throw new UsageException("target must be a unicast address, not " + v);
            }
            return a;
        } catch (UnknownHostException e) {
            throw new UsageException("bad address " + v);
        }
    }
}
