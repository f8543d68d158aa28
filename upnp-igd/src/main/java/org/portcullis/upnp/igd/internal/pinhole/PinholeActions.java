package org.portcullis.upnp.igd.internal.pinhole;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.igd.internal.wanip.WorkerActions;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionContext;
import org.portcullis.upnp.soap.ActionRequest;

/**
 * WANIPv6FirewallControl:1 actions (spec/igd.md §9). Arguments have no {@code New} prefix except UpdatePinhole's
 * NewLeaseTime. GetPinholePackets reports the NAT backend's packet count for the pinhole; CheckPinholeWorking answers
 * true once that count is above 0 and 709 (NoTrafficReceived) while it is 0. GetOutboundPinholeTimeout (optional)
 * answers the backend's idle timeout for outbound connections or RFC 6092's minimum ({@link PinholeTable}).
 * Faults in 701-709 carry this service's texts ({@link #FAULT_TEXTS}), not WANIPConnection's.
 */
public final class PinholeActions {
    /** errorDescription of this service's codes (WANIPv6FirewallControl:1 §2.5; 709 as miniupnpd sends it). */
    public static final Map<Integer, String> FAULT_TEXTS = Map.of(
            PinholeTable.PINHOLE_SPACE_EXHAUSTED, "PinholeSpaceExhausted",
            PinholeTable.FIREWALL_DISABLED, "FirewallDisabled",
            PinholeTable.INBOUND_PINHOLE_NOT_ALLOWED, "InboundPinholeNotAllowed",
            PinholeTable.NO_SUCH_ENTRY, "NoSuchEntry",
            PinholeTable.PROTOCOL_NOT_SUPPORTED, "ProtocolNotSupported",
            PinholeTable.INTERNAL_PORT_WILDCARDING_NOT_ALLOWED, "InternalPortWildcardingNotAllowed",
            PinholeTable.PROTOCOL_WILDCARDING_NOT_ALLOWED, "ProtocolWildcardingNotAllowed",
            PinholeTable.WILDCARD_NOT_PERMITTED_IN_SRC_IP, "WildCardNotPermittedInSrcIP",
            PinholeTable.NO_TRAFFIC_RECEIVED, "NoTrafficReceived");

    private final PinholeTable table;

    public PinholeActions(PinholeTable table) {
        this.table = table;
    }

    /** Action name to body. */
    public Map<String, WorkerActions.Body> bodies() {
        return Map.of(
                "GetFirewallStatus", (r, c) -> List.of(
                        new ActionArgument("FirewallEnabled", "1"),
                        new ActionArgument("InboundPinholeAllowed", table.inboundAllowed() ? "1" : "0")),
                "AddPinhole", this::add,
                "UpdatePinhole", (r, c) -> {
                    table.update(id(r), unsigned(r, "NewLeaseTime", 0xFFFFFFFFL), requester(c));
                    return List.of();
                },
                "DeletePinhole", (r, c) -> {
                    table.delete(id(r), requester(c));
                    return List.of();
                },
                "GetPinholePackets", (r, c) -> List.of(new ActionArgument("PinholePackets",
                        Long.toString(table.packets(id(r), requester(c), r.actionName())))),
                "CheckPinholeWorking", (r, c) -> {
                    if (table.packets(id(r), requester(c), r.actionName()) == 0) {
                        throw new UpnpException(PinholeTable.NO_TRAFFIC_RECEIVED, "NoTrafficReceived");
                    }
                    return List.of(new ActionArgument("IsWorking", "1"));
                },
                "GetOutboundPinholeTimeout", (r, c) -> {
                    unsigned(r, "RemotePort", 65535);
                    unsigned(r, "InternalPort", 65535);
                    string(r, "RemoteHost");
                    long t = table.outboundTimeout(string(r, "InternalClient"), (int) unsigned(r, "Protocol", 65535),
                            requester(c));
                    return List.of(new ActionArgument("OutboundPinholeTimeout", Long.toString(t)));
                });
    }

    private List<ActionArgument> add(ActionRequest r, ActionContext c) throws UpnpException {
        int id = table.add(string(r, "RemoteHost"), (int) unsigned(r, "RemotePort", 65535),
                string(r, "InternalClient"), (int) unsigned(r, "InternalPort", 65535),
                (int) unsigned(r, "Protocol", 65535), unsigned(r, "LeaseTime", 0xFFFFFFFFL), requester(c));
        return List.of(new ActionArgument("UniqueID", Integer.toString(id)));
    }

    private static InetAddress requester(ActionContext c) {
        return c.remote().getAddress();
    }

    private static int id(ActionRequest r) throws UpnpException {
        return (int) unsigned(r, "UniqueID", 65535);
    }

    private static String string(ActionRequest r, String name) throws UpnpException {
        return r.argument(name).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS, "missing " + name));
    }

    private static long unsigned(ActionRequest r, String name, long max) throws UpnpException {
        String v = string(r, name).trim();
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                || Long.parseLong(v) > max) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is not an unsigned integer in range");
        }
        return Long.parseLong(v);
    }
}
