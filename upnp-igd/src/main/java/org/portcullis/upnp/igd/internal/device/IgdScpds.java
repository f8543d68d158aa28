package org.portcullis.upnp.igd.internal.device;

import static org.portcullis.upnp.core.description.Argument.in;
import static org.portcullis.upnp.core.description.Argument.out;

import java.util.List;
import org.portcullis.upnp.core.description.Action;
import org.portcullis.upnp.core.description.DataType;
import org.portcullis.upnp.core.description.Scpd;
import org.portcullis.upnp.core.description.StateVariable;

/**
 * The SCPDs of the IGD:1 services Portcullis serves. Argument order and related state variables follow the
 * WANIPConnection:1 / WANCommonInterfaceConfig:1 / Layer3Forwarding:1 service documents (spec/igd.md §3, §7, §8).
 * Only implemented actions are listed, so that a control point never sees an action that would fail with 401.
 */
public final class IgdScpds {
    private IgdScpds() {}

    /** WANIPConnection:1. */
    public static Scpd wanIpConnection1() {
        return new Scpd(wanIpActions1(), wanIpVariables1());
    }

    /**
     * WANIPConnection:2: every v1 action plus AddAnyPortMapping, DeletePortMappingRange and GetListOfPortMappings,
     * and the SystemUpdateID, A_ARG_TYPE_Manage and A_ARG_TYPE_PortListing variables (spec/igd.md §3, §5).
     */
    public static Scpd wanIpConnection2() {
        List<Action> actions = new java.util.ArrayList<>(wanIpActions1());
        List<org.portcullis.upnp.core.description.Argument> any = new java.util.ArrayList<>(addPortMappingArgs());
        any.add(out("NewReservedPort", "ExternalPort"));
        actions.add(new Action("AddAnyPortMapping", any));
        actions.add(new Action("DeletePortMappingRange", List.of(
                in("NewStartPort", "ExternalPort"),
                in("NewEndPort", "ExternalPort"),
                in("NewProtocol", "PortMappingProtocol"),
                in("NewManage", "A_ARG_TYPE_Manage"))));
        actions.add(new Action("GetListOfPortMappings", List.of(
                in("NewStartPort", "ExternalPort"),
                in("NewEndPort", "ExternalPort"),
                in("NewProtocol", "PortMappingProtocol"),
                in("NewManage", "A_ARG_TYPE_Manage"),
                in("NewNumberOfPorts", "PortMappingNumberOfEntries"),
                out("NewPortListing", "A_ARG_TYPE_PortListing"))));
        List<StateVariable> vars = new java.util.ArrayList<>(wanIpVariables1());
        vars.add(StateVariable.of("SystemUpdateID", DataType.UI4, true));
        vars.add(StateVariable.of("A_ARG_TYPE_Manage", DataType.BOOLEAN, false));
        vars.add(StateVariable.of("A_ARG_TYPE_PortListing", DataType.STRING, false));
        return new Scpd(actions, vars);
    }

    /** The in-arguments of AddPortMapping, which AddAnyPortMapping shares. */
    private static List<org.portcullis.upnp.core.description.Argument> addPortMappingArgs() {
        return List.of(
                in("NewRemoteHost", "RemoteHost"),
                in("NewExternalPort", "ExternalPort"),
                in("NewProtocol", "PortMappingProtocol"),
                in("NewInternalPort", "InternalPort"),
                in("NewInternalClient", "InternalClient"),
                in("NewEnabled", "PortMappingEnabled"),
                in("NewPortMappingDescription", "PortMappingDescription"),
                in("NewLeaseDuration", "PortMappingLeaseDuration"));
    }

    private static List<Action> wanIpActions1() {
        return List.of(
                        new Action("GetConnectionTypeInfo", List.of(
                                out("NewConnectionType", "ConnectionType"),
                                out("NewPossibleConnectionTypes", "PossibleConnectionTypes"))),
                        new Action("GetStatusInfo", List.of(
                                out("NewConnectionStatus", "ConnectionStatus"),
                                out("NewLastConnectionError", "LastConnectionError"),
                                out("NewUptime", "Uptime"))),
                        new Action("GetNATRSIPStatus", List.of(
                                out("NewRSIPAvailable", "RSIPAvailable"),
                                out("NewNATEnabled", "NATEnabled"))),
                        new Action("GetGenericPortMappingEntry", List.of(
                                in("NewPortMappingIndex", "PortMappingNumberOfEntries"),
                                out("NewRemoteHost", "RemoteHost"),
                                out("NewExternalPort", "ExternalPort"),
                                out("NewProtocol", "PortMappingProtocol"),
                                out("NewInternalPort", "InternalPort"),
                                out("NewInternalClient", "InternalClient"),
                                out("NewEnabled", "PortMappingEnabled"),
                                out("NewPortMappingDescription", "PortMappingDescription"),
                                out("NewLeaseDuration", "PortMappingLeaseDuration"))),
                        new Action("GetSpecificPortMappingEntry", List.of(
                                in("NewRemoteHost", "RemoteHost"),
                                in("NewExternalPort", "ExternalPort"),
                                in("NewProtocol", "PortMappingProtocol"),
                                out("NewInternalPort", "InternalPort"),
                                out("NewInternalClient", "InternalClient"),
                                out("NewEnabled", "PortMappingEnabled"),
                                out("NewPortMappingDescription", "PortMappingDescription"),
                                out("NewLeaseDuration", "PortMappingLeaseDuration"))),
                        new Action("AddPortMapping", addPortMappingArgs()),
                        new Action("DeletePortMapping", List.of(
                                in("NewRemoteHost", "RemoteHost"),
                                in("NewExternalPort", "ExternalPort"),
                                in("NewProtocol", "PortMappingProtocol"))),
                        new Action("GetExternalIPAddress", List.of(
                                out("NewExternalIPAddress", "ExternalIPAddress"))));
    }

    private static List<StateVariable> wanIpVariables1() {
        return List.of(
                        StateVariable.withValues("ConnectionType", false, "Unconfigured", "IP_Routed", "IP_Bridged"),
                        StateVariable.withValues("PossibleConnectionTypes", true, "Unconfigured", "IP_Routed",
                                "IP_Bridged"),
                        StateVariable.withValues("ConnectionStatus", true, "Unconfigured", "Connecting",
                                "Connected", "PendingDisconnect", "Disconnecting", "Disconnected"),
                        StateVariable.of("Uptime", DataType.UI4, false),
                        StateVariable.withValues("LastConnectionError", false, "ERROR_NONE", "ERROR_UNKNOWN"),
                        StateVariable.of("RSIPAvailable", DataType.BOOLEAN, false),
                        StateVariable.of("NATEnabled", DataType.BOOLEAN, false),
                        StateVariable.of("ExternalIPAddress", DataType.STRING, true),
                        StateVariable.of("PortMappingNumberOfEntries", DataType.UI2, true),
                        StateVariable.of("PortMappingEnabled", DataType.BOOLEAN, false),
                        StateVariable.of("PortMappingLeaseDuration", DataType.UI4, false),
                        StateVariable.of("RemoteHost", DataType.STRING, false),
                        StateVariable.of("ExternalPort", DataType.UI2, false),
                        StateVariable.of("InternalPort", DataType.UI2, false),
                        StateVariable.withValues("PortMappingProtocol", false, "TCP", "UDP"),
                        StateVariable.of("InternalClient", DataType.STRING, false),
                        StateVariable.of("PortMappingDescription", DataType.STRING, false));
    }

    /** WANCommonInterfaceConfig:1, read-only actions. */
    public static Scpd wanCommonInterfaceConfig1() {
        return new Scpd(
                List.of(
                        new Action("GetCommonLinkProperties", List.of(
                                out("NewWANAccessType", "WANAccessType"),
                                out("NewLayer1UpstreamMaxBitRate", "Layer1UpstreamMaxBitRate"),
                                out("NewLayer1DownstreamMaxBitRate", "Layer1DownstreamMaxBitRate"),
                                out("NewPhysicalLinkStatus", "PhysicalLinkStatus"))),
                        new Action("GetTotalBytesSent", List.of(out("NewTotalBytesSent", "TotalBytesSent"))),
                        new Action("GetTotalBytesReceived", List.of(
                                out("NewTotalBytesReceived", "TotalBytesReceived"))),
                        new Action("GetTotalPacketsSent", List.of(
                                out("NewTotalPacketsSent", "TotalPacketsSent"))),
                        new Action("GetTotalPacketsReceived", List.of(
                                out("NewTotalPacketsReceived", "TotalPacketsReceived")))),
                List.of(
                        StateVariable.withValues("WANAccessType", false, "DSL", "POTS", "Cable", "Ethernet"),
                        StateVariable.of("Layer1UpstreamMaxBitRate", DataType.UI4, false),
                        StateVariable.of("Layer1DownstreamMaxBitRate", DataType.UI4, false),
                        StateVariable.withValues("PhysicalLinkStatus", true, "Up", "Down"),
                        StateVariable.of("TotalBytesSent", DataType.UI4, false),
                        StateVariable.of("TotalBytesReceived", DataType.UI4, false),
                        StateVariable.of("TotalPacketsSent", DataType.UI4, false),
                        StateVariable.of("TotalPacketsReceived", DataType.UI4, false)));
    }

    /** Layer3Forwarding:1 (Get only: with one WAN connection there is nothing to choose). */
    public static Scpd layer3Forwarding1() {
        return new Scpd(
                List.of(new Action("GetDefaultConnectionService", List.of(
                        out("NewDefaultConnectionService", "DefaultConnectionService")))),
                List.of(StateVariable.of("DefaultConnectionService", DataType.STRING, true)));
    }

    /**
     * WANIPv6FirewallControl:1 (IGD:2 only; spec/igd.md §9). Arguments carry no {@code New} prefix except
     * UpdatePinhole's NewLeaseTime. The optional GetOutboundPinholeTimeout and CheckPinholeWorking are offered.
     */
    public static Scpd wanIpv6FirewallControl1() {
        List<org.portcullis.upnp.core.description.Argument> byId = List.of(in("UniqueID", "A_ARG_TYPE_UniqueID"));
        return new Scpd(
                List.of(
                        new Action("GetFirewallStatus", List.of(
                                out("FirewallEnabled", "FirewallEnabled"),
                                out("InboundPinholeAllowed", "InboundPinholeAllowed"))),
                        new Action("GetOutboundPinholeTimeout", List.of(
                                in("RemoteHost", "A_ARG_TYPE_IPv6Address"),
                                in("RemotePort", "A_ARG_TYPE_Port"),
                                in("InternalClient", "A_ARG_TYPE_IPv6Address"),
                                in("InternalPort", "A_ARG_TYPE_Port"),
                                in("Protocol", "A_ARG_TYPE_Protocol"),
                                out("OutboundPinholeTimeout", "A_ARG_TYPE_OutboundPinholeTimeout"))),
                        new Action("AddPinhole", List.of(
                                in("RemoteHost", "A_ARG_TYPE_IPv6Address"),
                                in("RemotePort", "A_ARG_TYPE_Port"),
                                in("InternalClient", "A_ARG_TYPE_IPv6Address"),
                                in("InternalPort", "A_ARG_TYPE_Port"),
                                in("Protocol", "A_ARG_TYPE_Protocol"),
                                in("LeaseTime", "A_ARG_TYPE_LeaseTime"),
                                out("UniqueID", "A_ARG_TYPE_UniqueID"))),
                        new Action("UpdatePinhole", List.of(
                                in("UniqueID", "A_ARG_TYPE_UniqueID"),
                                in("NewLeaseTime", "A_ARG_TYPE_LeaseTime"))),
                        new Action("DeletePinhole", byId),
                        new Action("GetPinholePackets", List.of(
                                in("UniqueID", "A_ARG_TYPE_UniqueID"),
                                out("PinholePackets", "A_ARG_TYPE_PinholePackets"))),
                        new Action("CheckPinholeWorking", List.of(
                                in("UniqueID", "A_ARG_TYPE_UniqueID"),
                                out("IsWorking", "A_ARG_TYPE_Boolean")))),
                List.of(
                        StateVariable.of("FirewallEnabled", DataType.BOOLEAN, true),
                        StateVariable.of("InboundPinholeAllowed", DataType.BOOLEAN, true),
                        StateVariable.of("A_ARG_TYPE_IPv6Address", DataType.STRING, false),
                        StateVariable.of("A_ARG_TYPE_Port", DataType.UI2, false),
                        StateVariable.of("A_ARG_TYPE_Protocol", DataType.UI2, false),
                        StateVariable.of("A_ARG_TYPE_LeaseTime", DataType.UI4, false),
                        StateVariable.of("A_ARG_TYPE_UniqueID", DataType.UI2, false),
                        StateVariable.of("A_ARG_TYPE_OutboundPinholeTimeout", DataType.UI4, false),
                        StateVariable.of("A_ARG_TYPE_Boolean", DataType.BOOLEAN, false),
                        StateVariable.of("A_ARG_TYPE_PinholePackets", DataType.UI4, false)));
    }
}
