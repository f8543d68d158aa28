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
import org.portcullis.upnp.igd.internal.table.Dialect;
import org.portcullis.upnp.igd.internal.table.MappingRequest;
import org.portcullis.upnp.igd.internal.table.PortMappingTable;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionContext;
import org.portcullis.upnp.soap.ActionRequest;

/**
 * WANIPConnection:1 and :2 actions (spec/igd.md §3, §5). Error codes and lease rules follow the version named by
 * each request's SOAPACTION ({@link Dialect}).
 */
public final class WanIpConnectionActions {
    private final PortMappingTable table;
    private final Supplier<Optional<Inet4Address>> externalAddress;
    private final Instant started;

    public WanIpConnectionActions(PortMappingTable table, Supplier<Optional<Inet4Address>> externalAddress) {
        this.table = table;
        this.externalAddress = externalAddress;
        this.started = table.now();
    }

    /** Action name to body, for WANIPConnection:2 (a superset of :1). */
    public Map<String, WorkerActions.Body> bodies() {
        Map<String, WorkerActions.Body> all = new java.util.HashMap<>(bodies1());
        all.put("AddAnyPortMapping", this::addAnyPortMapping);
        all.put("DeletePortMappingRange", this::deletePortMappingRange);
        all.put("GetListOfPortMappings", this::getListOfPortMappings);
        return Map.copyOf(all);
    }

    private Map<String, WorkerActions.Body> bodies1() {
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
        table.add(mappingRequest(r), c.remote().getAddress(), Dialect.of(r.serviceType()));
        return List.of();
    }

    private List<ActionArgument> addAnyPortMapping(ActionRequest r, ActionContext c) throws UpnpException {
        PortMapping m = table.addAny(mappingRequest(r), c.remote().getAddress());
        return Args.out("NewReservedPort", Integer.toString(m.externalPort()));
    }

    private List<ActionArgument> deletePortMappingRange(ActionRequest r, ActionContext c) throws UpnpException {
        table.deleteRange((int) Args.unsigned(r, "NewStartPort", 65535), (int) Args.unsigned(r, "NewEndPort", 65535),
                protocol(r), Args.bool(r, "NewManage"), c.remote().getAddress());
        return List.of();
    }

    private List<ActionArgument> getListOfPortMappings(ActionRequest r, ActionContext c) throws UpnpException {
        List<PortMapping> found = table.listRange((int) Args.unsigned(r, "NewStartPort", 65535),
                (int) Args.unsigned(r, "NewEndPort", 65535), protocol(r), Args.bool(r, "NewManage"),
                (int) Args.unsigned(r, "NewNumberOfPorts", 65535), c.remote().getAddress());
        return Args.out("NewPortListing", PortListing.xml(found, table.now()));
    }

    private static MappingRequest mappingRequest(ActionRequest r) throws UpnpException {
        return new MappingRequest(
                Args.string(r, "NewRemoteHost"),
                (int) Args.unsigned(r, "NewExternalPort", 65535),
                protocol(r),
                (int) Args.unsigned(r, "NewInternalPort", 65535),
                Args.string(r, "NewInternalClient"),
                Args.bool(r, "NewEnabled"),
                Args.string(r, "NewPortMappingDescription"),
                Args.unsigned(r, "NewLeaseDuration", 0xFFFFFFFFL));
    }

    private List<ActionArgument> deletePortMapping(ActionRequest r, ActionContext c) throws UpnpException {
        table.delete(key(r), c.remote().getAddress(), Dialect.of(r.serviceType()));
        return List.of();
    }

    private List<ActionArgument> getSpecific(ActionRequest r, ActionContext c) throws UpnpException {
        table.checkEnabled(Dialect.of(r.serviceType()), c.remote().getAddress(), r.actionName());
        PortMapping m = table.get(key(r)).orElseThrow(() -> new UpnpException(UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY));
        return Args.out(
                "NewInternalPort", Integer.toString(m.internalPort()),
                "NewInternalClient", m.internalClient().getHostAddress(),
                "NewEnabled", m.enabled() ? "1" : "0",
                "NewPortMappingDescription", m.description(),
                "NewLeaseDuration", Long.toString(m.remainingSeconds(table.now())));
    }

    private List<ActionArgument> getGeneric(ActionRequest r, ActionContext c) throws UpnpException {
        table.checkEnabled(Dialect.of(r.serviceType()), c.remote().getAddress(), r.actionName());
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
