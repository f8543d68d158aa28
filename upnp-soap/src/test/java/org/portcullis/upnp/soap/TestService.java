package org.portcullis.upnp.soap;

import java.util.ArrayList;
import java.util.List;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.description.Action;
import org.portcullis.upnp.core.description.Argument;
import org.portcullis.upnp.core.description.DataType;
import org.portcullis.upnp.core.description.Scpd;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.description.StateVariable;

/** A small WANIPConnection:2-like service: enough actions and types to reach every validation path. */
final class TestService {
    static final UpnpType TYPE = UpnpType.service("WANIPConnection", 2);
    static final String URN1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
    static final String URN2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

    private TestService() {}

    /** The service the unit tests use: WANIPConnection:2 with an i2 action and an unimplemented one. */
    static ServiceDescription wanIp() {
        Scpd scpd = new Scpd(List.of(
                ADD_PORT_MAPPING,
                GET_EXTERNAL_IP_ADDRESS,
                GET_STATUS_INFO,
                new Action("SetOffset", List.of(Argument.in("NewOffset", "Offset"))),
                new Action("ForceTermination", List.of())),
                variables(StateVariable.withRange("InternalPort", DataType.UI2, false, 1, 65535),
                        StateVariable.withRange("PortMappingLeaseDuration", DataType.UI4, false, 0, 604800),
                        StateVariable.of("Offset", DataType.I2, false)));
        return new ServiceDescription(TYPE, "urn:upnp-org:serviceId:WANIPConn1", "/WANIPCn.xml", "/ctl/IPConn",
                "/evt/IPConn", scpd);
    }

    /** WANIPConnection:1 with the actions upnpc calls for {@code -a}. */
    static ServiceDescription wanIp1() {
        Scpd scpd = new Scpd(List.of(
                ADD_PORT_MAPPING,
                GET_EXTERNAL_IP_ADDRESS,
                GET_STATUS_INFO,
                new Action("GetSpecificPortMappingEntry", List.of(
                        Argument.in("NewRemoteHost", "RemoteHost"),
                        Argument.in("NewExternalPort", "ExternalPort"),
                        Argument.in("NewProtocol", "PortMappingProtocol"),
                        Argument.out("NewInternalPort", "InternalPort"),
                        Argument.out("NewInternalClient", "InternalClient"),
                        Argument.out("NewEnabled", "PortMappingEnabled"),
                        Argument.out("NewPortMappingDescription", "PortMappingDescription"),
                        Argument.out("NewLeaseDuration", "PortMappingLeaseDuration")))),
                variables(StateVariable.of("InternalPort", DataType.UI2, false),
                        StateVariable.of("PortMappingLeaseDuration", DataType.UI4, false)));
        return new ServiceDescription(UpnpType.service("WANIPConnection", 1), "urn:upnp-org:serviceId:WANIPConn1",
                "/WANIPCn.xml", "/ctl/IPConn", "/evt/IPConn", scpd);
    }

    private static final Action ADD_PORT_MAPPING = new Action("AddPortMapping", List.of(
            Argument.in("NewRemoteHost", "RemoteHost"),
            Argument.in("NewExternalPort", "ExternalPort"),
            Argument.in("NewProtocol", "PortMappingProtocol"),
            Argument.in("NewInternalPort", "InternalPort"),
            Argument.in("NewInternalClient", "InternalClient"),
            Argument.in("NewEnabled", "PortMappingEnabled"),
            Argument.in("NewPortMappingDescription", "PortMappingDescription"),
            Argument.in("NewLeaseDuration", "PortMappingLeaseDuration")));
    private static final Action GET_EXTERNAL_IP_ADDRESS = new Action("GetExternalIPAddress", List.of(
            Argument.out("NewExternalIPAddress", "ExternalIPAddress")));
    private static final Action GET_STATUS_INFO = new Action("GetStatusInfo", List.of(
            Argument.out("NewConnectionStatus", "ConnectionStatus"),
            Argument.out("NewLastConnectionError", "LastConnectionError"),
            Argument.out("NewUptime", "Uptime")));

    private static List<StateVariable> variables(StateVariable... extra) {
        List<StateVariable> v = new ArrayList<>(List.of(
                StateVariable.of("RemoteHost", DataType.STRING, false),
                StateVariable.of("ExternalPort", DataType.UI2, false),
                StateVariable.withValues("PortMappingProtocol", false, "TCP", "UDP"),
                StateVariable.of("InternalClient", DataType.STRING, false),
                StateVariable.of("PortMappingEnabled", DataType.BOOLEAN, false),
                StateVariable.of("PortMappingDescription", DataType.STRING, false),
                StateVariable.of("ExternalIPAddress", DataType.STRING, true),
                StateVariable.withValues("ConnectionStatus", true, "Unconfigured", "Connected"),
                StateVariable.of("LastConnectionError", DataType.STRING, false),
                StateVariable.of("Uptime", DataType.UI4, false)));
        v.addAll(List.of(extra));
        return v;
    }
}
