package org.portcullis.upnp.core.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Which IPv6 addresses the kernel does not let us use yet, read from Linux's {@code /proc/net/if_inet6} (of the
 * reading process's network namespace). An address is unusable while duplicate address detection runs
 * ({@code IFA_F_TENTATIVE}) or after it failed ({@code IFA_F_DADFAILED}): binding it fails with "Cannot assign
 * requested address", yet {@link java.net.NetworkInterface} lists it. This is what happens to a router's
 * link-local address for about a second after its LAN link comes up.
 *
 * <p>Each line of the file is {@code <32 hex address> <ifindex> <prefix> <scope> <flags> <name>}, all numbers in
 * hex; only the low 8 bits of the flags are shown, which include both flags used here. Where the file cannot be read
 * (not Linux), nothing is reported unusable.
 */
final class Ipv6AddressStates {
    /** IFA_F_DADFAILED (linux/if_addr.h). */
    static final int DADFAILED = 0x08;
    /** IFA_F_TENTATIVE (linux/if_addr.h). */
    static final int TENTATIVE = 0x40;

    private static final Path PROC = Path.of("/proc/net/if_inet6");
    private static final int MAX_LINES = 4096;

    private final Set<String> unusable;

    private Ipv6AddressStates(Set<String> unusable) {
        this.unusable = unusable;
    }

    /** Reads the current state; empty when the file is missing or unreadable. */
    static Ipv6AddressStates read() {
        if (!Files.isReadable(PROC)) {
            return parse(List.of());
        }
        try {
            return parse(Files.readAllLines(PROC, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return parse(List.of());
        }
    }

    /** Parses the file's lines; malformed lines are ignored (the file is the kernel's, not a peer's). */
    static Ipv6AddressStates parse(List<String> lines) {
        Set<String> out = new HashSet<>();
        int n = 0;
        for (String line : lines) {
            if (++n > MAX_LINES) {
                break;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || f[0].length() != 32 || !isHex(f[0]) || !isHex(f[1]) || !isHex(f[4])
                    || f[1].length() > 8 || f[4].length() > 8) {
                continue;
            }
            long flags = Long.parseLong(f[4], 16);
            if ((flags & (TENTATIVE | DADFAILED)) != 0) {
                out.add(key(f[0].toLowerCase(java.util.Locale.ROOT), Long.parseLong(f[1], 16)));
            }
        }
        return new Ipv6AddressStates(out);
    }

    /** Whether {@code address} on interface {@code index} is tentative or failed DAD. */
    boolean unusable(Inet6Address address, int index) {
        return unusable.contains(key(HexFormat.of().formatHex(address.getAddress()), index));
    }

    private static String key(String hex, long index) {
        return hex + '/' + index;
    }

    private static boolean isHex(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
