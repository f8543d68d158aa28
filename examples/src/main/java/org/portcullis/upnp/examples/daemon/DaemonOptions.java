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
 * @param nat           --nat: memory (default) or nftables
 * @param stateDir      --state-dir
 * @param igdVersion    --igd-version: 1, 2 or auto (default)
 * @param rules         --allow / --deny permission rules, in order, each as "allow|deny EXT ADDR/PREFIX INT"
 * @param maxMappings   --max-mappings
 * @param maxPerClient  --max-per-client
 * @param offFile       --off-file: UPnP is switched off while this file exists
 * @param ssdpSiteLocal --ssdp-site-local
 * @param ipv6Firewall  --ipv6-firewall on|off with --nat nftables; default on unless --igd-version 1 (no pinholes)
 */
record DaemonOptions(
        List<String> lanInterfaces, Optional<String> wanInterface, int httpPort, boolean demo, boolean help,
        Optional<String> friendlyName, String nat, Optional<java.nio.file.Path> stateDir, String igdVersion,
        List<String> rules, Optional<Integer> maxMappings, Optional<Integer> maxPerClient,
        Optional<java.nio.file.Path> offFile, boolean ssdpSiteLocal, boolean ipv6Firewall) {

    static final String USAGE = """
            Usage: java -jar portcullis-igd.jar [options]

            Runs a UPnP Internet Gateway Device (IGD:2, with an IGD:1 view for clients that need it) that serves
            SSDP and HTTP on LAN interfaces only.

            Options:
              --lan IFACE       serve on this LAN interface (repeatable); its IPv4 addresses must be private,
                                link-local or loopback, and it must not be the WAN interface; over IPv6
                                it is served on its ULA or link-local address, never on a global one
              --wan IFACE       the WAN interface: never served; its IPv4 address is the external address
              --http-port N     HTTP port for description and control (default 0: any free port)
              --name TEXT       the device's friendly name
              --nat KIND        memory (default: mappings are only remembered) or nftables (DNAT through
                                the nftables table 'ip portcullis' on the --wan interface, with a WAN-side
                                drop of UDP 1900 and the HTTP port; needs --wan, nft and CAP_NET_ADMIN)
              --ipv6-firewall on|off
                                with --nat nftables: own the IPv6 inbound policy of the --wan interface
                                (table 'ip6 portcullis': forwarded traffic from the WAN is dropped unless it
                                is established/related, needed ICMPv6 or matches a pinhole), so that
                                WANIPv6FirewallControl pinholes open something. Default on, off with
                                --igd-version 1 (no pinholes served). Off, AddPinhole answers 501; on a
                                router with its own IPv6 firewall, its drops still apply
              --state-dir DIR   keep acknowledged mappings and pinholes in DIR (an fsynced journal) and
                                restore them, with their remaining lease, at the next start
              --igd-version V   1, 2 or auto (default: IGD:2, IGD:1 description for Microsoft/FDSSDP agents)
              --allow RULE      permission rule "EXT-PORTS ADDR/PREFIX INT-PORTS", e.g.
                                "1024-65535 192.168.1.0/24 1024-65535" (repeatable, first match decides;
                                with any rule given, requests no rule matches are refused)
              --deny RULE       the same, refusing
              --max-mappings N  cap on the whole table (default 1024)
              --max-per-client N cap per LAN host (default 128)
              --off-file FILE   the runtime switch: while FILE exists (checked every second) every UPnP
                                mapping is removed and every port-mapping action is refused (606; 501 to
                                IGD:1 requests); SSDP keeps announcing so clients get a clear refusal
              --ssdp-site-local also answer and announce SSDP on the IPv6 site-local group [FF05::C]:1900
                                on LAN interfaces with a unique local address (FF02::C is always served)
              --demo            demo mode: loopback only, no SSDP, in-memory NAT, external address 192.0.2.1
                                (the default when neither --lan nor --wan is given)
              --help            show this help

            Exit codes: 0 after a clean stop (SIGTERM, Ctrl-C), 2 for bad options, a refused interface or an
            unusable state directory, 1 for other start-up failures (e.g. nft refused the table).
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
        String nat = null;
        Optional<java.nio.file.Path> stateDir = Optional.empty();
        String version = null;
        List<String> rules = new ArrayList<>();
        Optional<Integer> maxMappings = Optional.empty();
        Optional<Integer> maxPerClient = Optional.empty();
        Optional<java.nio.file.Path> offFile = Optional.empty();
        boolean siteLocal = false;
        String ipv6Firewall = null;
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
                case "--nat" -> {
                    if (nat != null) {
                        throw new UsageException("--nat given twice");
                    }
                    nat = value(args, ++i, a);
                    if (!nat.equals("memory") && !nat.equals("nftables")) {
                        throw new UsageException("--nat must be memory or nftables, not '" + nat + "'");
                    }
                }
                case "--state-dir" -> {
                    if (stateDir.isPresent()) {
                        throw new UsageException("--state-dir given twice");
                    }
                    stateDir = Optional.of(java.nio.file.Path.of(value(args, ++i, a)));
                }
                case "--igd-version" -> {
                    if (version != null) {
                        throw new UsageException("--igd-version given twice");
                    }
                    version = value(args, ++i, a);
                    if (!version.equals("1") && !version.equals("2") && !version.equals("auto")) {
                        throw new UsageException("--igd-version must be 1, 2 or auto, not '" + version + "'");
                    }
                }
                case "--allow", "--deny" -> {
                    String rule = a.substring(2) + ' ' + value(args, ++i, a);
                    try {
                        org.portcullis.upnp.igd.PermissionRule.parse(rule);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(a + ": " + e.getMessage());
                    }
                    rules.add(rule);
                }
                case "--max-mappings" -> maxMappings = Optional.of(positive(args, ++i, a));
                case "--max-per-client" -> maxPerClient = Optional.of(positive(args, ++i, a));
                case "--off-file" -> {
                    if (offFile.isPresent()) {
                        throw new UsageException("--off-file given twice");
                    }
                    offFile = Optional.of(java.nio.file.Path.of(value(args, ++i, a)));
                }
                case "--demo" -> demo = true;
                case "--ssdp-site-local" -> siteLocal = true;
                case "--ipv6-firewall" -> {
                    if (ipv6Firewall != null) {
                        throw new UsageException("--ipv6-firewall given twice");
                    }
                    ipv6Firewall = value(args, ++i, a);
                    if (!ipv6Firewall.equals("on") && !ipv6Firewall.equals("off")) {
                        throw new UsageException("--ipv6-firewall must be on or off, not '" + ipv6Firewall + "'");
                    }
                }
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
        if ("nftables".equals(nat) && wan.isEmpty()) {
            throw new UsageException("--nat nftables needs --wan");
        }
        if (ipv6Firewall != null && !"nftables".equals(nat)) {
            throw new UsageException("--ipv6-firewall needs --nat nftables");
        }
        boolean firewall = ipv6Firewall == null ? !"1".equals(version) : ipv6Firewall.equals("on");
        return new DaemonOptions(List.copyOf(lan), wan, port == null ? 0 : port, demoMode, help, name,
                nat == null ? "memory" : nat, stateDir, version == null ? "auto" : version, List.copyOf(rules),
                maxMappings, maxPerClient, offFile, siteLocal, firewall);
    }

    private static int positive(String[] args, int i, String flag) throws UsageException {
        String v = value(args, i, flag);
        if (v.isEmpty() || v.length() > 6 || !v.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(v) < 1) {
            throw new UsageException(flag + " needs a number from 1 to 999999, not '" + v + "'");
        }
        return Integer.parseInt(v);
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }
}
