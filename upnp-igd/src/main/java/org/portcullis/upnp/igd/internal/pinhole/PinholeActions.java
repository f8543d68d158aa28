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
 * NewLeaseTime. GetPinholePackets reports 0 and CheckPinholeWorking answers 709 (NoTrafficReceived): pinholes are
 * recorded and policed but no NAT backend applies them yet, so no packet is ever counted.
 * GetOutboundPinholeTimeout (optional) is not offered.
 */
public final class PinholeActions {
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
                "GetPinholePackets", (r, c) -> {
                    table.owned(id(r), requester(c), r.actionName());
                    return List.of(new ActionArgument("PinholePackets", "0"));
                },
                "CheckPinholeWorking", (r, c) -> {
                    table.owned(id(r), requester(c), r.actionName());
                    throw new UpnpException(PinholeTable.NO_TRAFFIC_RECEIVED, "NoTrafficReceived");
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
