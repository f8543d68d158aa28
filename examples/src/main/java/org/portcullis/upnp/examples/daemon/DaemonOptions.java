package org.portcullis.upnp.examples.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Command-line options of the example daemon.
 *
 * @param lanInterfaces --lan, in order, no duplicates
 * @param wanInterface  --wan
 * @param httpPort      --http-port (0 = any free port)
 * @param demo          --demo, or no interface flags at all
 * @param help          --help
 * @param friendlyName  --name
 */
record DaemonOptions(
        List<String> lanInterfaces, Optional<String> wanInterface, int httpPort, boolean demo, boolean help,
        Optional<String> friendlyName) {

    static final String USAGE = """
            Usage: java -jar portcullis-igd.jar [options]

            Runs a UPnP Internet Gateway Device (IGD:1) that serves SSDP and HTTP on LAN interfaces only.

            Options:
              --lan IFACE       serve on this LAN interface (repeatable); its addresses must be private,
                                link-local or loopback, and it must not be the WAN interface
              --wan IFACE       the WAN interface: never served; its IPv4 address is the external address
              --http-port N     HTTP port for description and control (default 0: any free port)
              --name TEXT       the device's friendly name
              --demo            demo mode: loopback only, no SSDP, in-memory NAT, external address 192.0.2.1
                                (the default when neither --lan nor --wan is given)
              --help            show this help

            Exit codes: 0 after a clean stop (SIGTERM, Ctrl-C), 2 for bad options or a refused interface,
            1 for other start-up failures.
            """;

    /** A usage error: the daemon prints the message and exits with 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static DaemonOptions parse(String[] args) throws UsageException {
        List<String> lan = new ArrayList<>();
        Optional<String> wan = Optional.empty();
        Integer port = null;
        boolean demo = false;
        boolean help = false;
        Optional<String> name = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--lan" -> {
                    String v = value(args, ++i, a);
                    if (lan.contains(v)) {
                        throw new UsageException("--lan " + v + " given twice");
                    }
                    lan.add(v);
                }
                case "--wan" -> {
                    if (wan.isPresent()) {
                        throw new UsageException("--wan given twice");
                    }
                    wan = Optional.of(value(args, ++i, a));
                }
                case "--http-port" -> {
                    if (port != null) {
                        throw new UsageException("--http-port given twice");
                    }
                    String v = value(args, ++i, a);
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--http-port needs a number from 0 to 65535, not '" + v + "'");
                    }
                    if (port < 0 || port > 65535) {
                        throw new UsageException("--http-port needs a number from 0 to 65535, not '" + v + "'");
                    }
                }
                case "--name" -> {
                    String v = value(args, ++i, a);
                    if (v.isBlank() || v.length() > 63) {
                        throw new UsageException("--name must be 1 to 63 characters");
                    }
                    name = Optional.of(v);
                }
                case "--demo" -> demo = true;
                case "--help", "-h" -> help = true;
                default -> throw new UsageException("unknown option: " + a);
            }
        }
        if (demo && (!lan.isEmpty() || wan.isPresent())) {
            throw new UsageException("--demo cannot be combined with --lan or --wan");
        }
        if (wan.isPresent() && lan.isEmpty()) {
            throw new UsageException("--wan needs at least one --lan");
        }
        if (wan.isPresent() && lan.contains(wan.get())) {
            throw new UsageException("interface " + wan.get() + " is the WAN interface: refusing to serve UPnP on it");
        }
        boolean demoMode = demo || lan.isEmpty();
        return new DaemonOptions(List.copyOf(lan), wan, port == null ? 0 : port, demoMode, help, name);
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }
}
