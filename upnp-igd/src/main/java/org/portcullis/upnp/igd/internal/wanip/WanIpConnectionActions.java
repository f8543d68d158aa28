package org.portcullis.upnp.igd.internal.wanip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.internal.table.MappingRequest;
import org.portcullis.upnp.igd.internal.table.PortMappingTable;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionContext;
import org.portcullis.upnp.soap.ActionRequest;

/** WANIPConnection:1 actions (spec/igd.md §3), with IGD:1 error codes. */
public final class WanIpConnectionActions {
    private final PortMappingTable table;
    private final Supplier<Optional<Inet4Address>> externalAddress;
    private final Instant started;

    public WanIpConnectionActions(PortMappingTable table, Supplier<Optional<Inet4Address>> externalAddress) {
        this.table = table;
        this.externalAddress = externalAddress;
        this.started = table.now();
    }

    /** Action name to body. */
    public Map<String, WorkerActions.Body> bodies() {
        return Map.of(
                "GetConnectionTypeInfo", (r, c) -> Args.out(
                        "NewConnectionType", "IP_Routed", "NewPossibleConnectionTypes", "IP_Routed"),
                "GetStatusInfo", this::getStatusInfo,
                "GetNATRSIPStatus", (r, c) -> Args.out("NewRSIPAvailable", "0", "NewNATEnabled", "1"),
                "GetExternalIPAddress", (r, c) -> Args.out("NewExternalIPAddress",
                        externalAddress.get().map(InetAddress::getHostAddress).orElse("")),
                "AddPortMapping", this::addPortMapping,
                "DeletePortMapping", this::deletePortMapping,
                "GetSpecificPortMappingEntry", this::getSpecific,
                "GetGenericPortMappingEntry", this::getGeneric);
    }

    private List<ActionArgument> getStatusInfo(ActionRequest r, ActionContext c) {
        boolean up = externalAddress.get().isPresent();
        long uptime = up ? Math.max(0, Duration.between(started, table.now()).toSeconds()) : 0;
        return Args.out("NewConnectionStatus", up ? "Connected" : "Disconnected",
                "NewLastConnectionError", "ERROR_NONE", "NewUptime", Long.toString(uptime & 0xFFFFFFFFL));
    }

    private List<ActionArgument> addPortMapping(ActionRequest r, ActionContext c) throws UpnpException {
        MappingRequest m = new MappingRequest(
                Args.string(r, "NewRemoteHost"),
                (int) Args.unsigned(r, "NewExternalPort", 65535),
                protocol(r),
                (int) Args.unsigned(r, "NewInternalPort", 65535),
                Args.string(r, "NewInternalClient"),
                Args.bool(r, "NewEnabled"),
                Args.string(r, "NewPortMappingDescription"),
                Args.unsigned(r, "NewLeaseDuration", 0xFFFFFFFFL));
        table.add(m, c.remote().getAddress());
        return List.of();
    }

    private List<ActionArgument> deletePortMapping(ActionRequest r, ActionContext c) throws UpnpException {
        table.delete(key(r), c.remote().getAddress());
        return List.of();
    }

    private List<ActionArgument> getSpecific(ActionRequest r, ActionContext c) throws UpnpException {
        PortMapping m = table.get(key(r)).orElseThrow(() -> new UpnpException(UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY));
        return Args.out(
                "NewInternalPort", Integer.toString(m.internalPort()),
                "NewInternalClient", m.internalClient().getHostAddress(),
                "NewEnabled", m.enabled() ? "1" : "0",
                "NewPortMappingDescription", m.description(),
                "NewLeaseDuration", Long.toString(m.remainingSeconds(table.now())));
    }

    private List<ActionArgument> getGeneric(ActionRequest r, ActionContext c) throws UpnpException {
        PortMapping m = table.atIndex(Args.unsigned(r, "NewPortMappingIndex", 65535));
        return Args.out(
                "NewRemoteHost", m.remoteHost(),
                "NewExternalPort", Integer.toString(m.externalPort()),
                "NewProtocol", m.protocol().name(),
                "NewInternalPort", Integer.toString(m.internalPort()),
                "NewInternalClient", m.internalClient().getHostAddress(),
                "NewEnabled", m.enabled() ? "1" : "0",
                "NewPortMappingDescription", m.description(),
                "NewLeaseDuration", Long.toString(m.remainingSeconds(table.now())));
    }

    private static PortMapping.Key key(ActionRequest r) throws UpnpException {
        return new PortMapping.Key(Args.string(r, "NewRemoteHost").trim(),
                (int) Args.unsigned(r, "NewExternalPort", 65535), protocol(r));
    }

    private static Protocol protocol(ActionRequest r) throws UpnpException {
        return Protocol.parse(Args.string(r, "NewProtocol")).orElseThrow(() ->
                new UpnpException(UpnpErrorCode.INVALID_ARGS, "NewProtocol must be TCP or UDP"));
    }
}
