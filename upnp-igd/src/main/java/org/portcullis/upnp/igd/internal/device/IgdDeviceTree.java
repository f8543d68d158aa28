package org.portcullis.upnp.igd.internal.device;

import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.description.DeviceDescription;
import org.portcullis.upnp.core.description.ServiceDescription;

/**
 * The IGD:1 or IGD:2 device tree and its URL layout. Paths follow miniupnpd's, which every client has met. Both
 * versions of one gateway share UDNs and URLs: they are two views of one device (see
 * {@link org.portcullis.upnp.igd.IgdVersion}).
 *
 * @param root        the root device description
 * @param wanIp       the WANIPConnection:1 service
 * @param commonIfc   the WANCommonInterfaceConfig:1 service
 * @param l3f         the Layer3Forwarding:1 service
 * @param wanConnUdn  the WANConnectionDevice's UDN
 * @param version     1 or 2
 * @param ipv6Firewall the WANIPv6FirewallControl:1 service (IGD:2 only), or null in the IGD:1 tree
 */
public record IgdDeviceTree(
        DeviceDescription root, ServiceDescription wanIp, ServiceDescription commonIfc, ServiceDescription l3f,
        Udn wanConnUdn, int version, ServiceDescription ipv6Firewall) {
    public static final String DESCRIPTION_PATH = "/rootDesc.xml";
    public static final String PRESENTATION_PATH = "/";

    public static final UpnpType IGD1 = UpnpType.device("InternetGatewayDevice", 1);
    public static final UpnpType WAN_DEVICE1 = UpnpType.device("WANDevice", 1);
    public static final UpnpType WAN_CONNECTION_DEVICE1 = UpnpType.device("WANConnectionDevice", 1);
    public static final UpnpType WAN_IP_CONNECTION1 = UpnpType.service("WANIPConnection", 1);
    public static final UpnpType WAN_COMMON_IFC1 = UpnpType.service("WANCommonInterfaceConfig", 1);
    public static final UpnpType L3F1 = UpnpType.service("Layer3Forwarding", 1);
    public static final UpnpType IGD2 = UpnpType.device("InternetGatewayDevice", 2);
    public static final UpnpType WAN_DEVICE2 = UpnpType.device("WANDevice", 2);
    public static final UpnpType WAN_CONNECTION_DEVICE2 = UpnpType.device("WANConnectionDevice", 2);
    public static final UpnpType WAN_IP_CONNECTION2 = UpnpType.service("WANIPConnection", 2);
    public static final UpnpType WAN_IPV6_FIREWALL_CONTROL1 = UpnpType.service("WANIPv6FirewallControl", 1);

    /**
     * Builds the tree. UDNs are derived from {@code deviceId} so they stay the same across restarts.
     *
     * @param deviceId     a stable identity of this gateway
     * @param friendlyName the user-facing name
     */
    public static IgdDeviceTree create(String deviceId, String friendlyName) {
        return create(deviceId, friendlyName, 1);
    }

    /**
     * Builds the tree of one version. IGD:2 bumps InternetGatewayDevice, WANDevice, WANConnectionDevice and
     * WANIPConnection to 2 and keeps WANCommonInterfaceConfig:1 and Layer3Forwarding:1 (spec/igd.md §1).
     *
     * @param version 1 or 2
     */
    public static IgdDeviceTree create(String deviceId, String friendlyName, int version) {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("IGD version must be 1 or 2");
        }
        boolean v2 = version == 2;
        Udn rootUdn = Udn.derived(deviceId + "/InternetGatewayDevice");
        Udn wanUdn = Udn.derived(deviceId + "/WANDevice");
        Udn connUdn = Udn.derived(deviceId + "/WANConnectionDevice");
        ServiceDescription l3f = new ServiceDescription(L3F1, "urn:upnp-org:serviceId:L3Forwarding1",
                "/L3F.xml", "/ctl/L3F", "/evt/L3F", IgdScpds.layer3Forwarding1());
        ServiceDescription common = new ServiceDescription(WAN_COMMON_IFC1, "urn:upnp-org:serviceId:WANCommonIFC1",
                "/WANCfg.xml", "/ctl/CmnIfCfg", "/evt/CmnIfCfg", IgdScpds.wanCommonInterfaceConfig1());
        ServiceDescription wanIp = new ServiceDescription(v2 ? WAN_IP_CONNECTION2 : WAN_IP_CONNECTION1,
                "urn:upnp-org:serviceId:WANIPConn1", "/WANIPCn.xml", "/ctl/IPConn", "/evt/IPConn",
                v2 ? IgdScpds.wanIpConnection2() : IgdScpds.wanIpConnection1());
        ServiceDescription firewall = v2 ? new ServiceDescription(WAN_IPV6_FIREWALL_CONTROL1,
                "urn:upnp-org:serviceId:WANIPv6Firewall1", "/WANIP6FC.xml", "/ctl/IP6FCtl", "/evt/IP6FCtl",
                IgdScpds.wanIpv6FirewallControl1()) : null;
        DeviceDescription.Builder connBuilder = DeviceDescription.builder(
                        v2 ? WAN_CONNECTION_DEVICE2 : WAN_CONNECTION_DEVICE1, connUdn)
                .friendlyName("WANConnectionDevice")
                .manufacturer("Portcullis")
                .modelName("Portcullis WAN connection")
                .service(wanIp);
        if (firewall != null) {
            connBuilder.service(firewall);
        }
        DeviceDescription conn = connBuilder.build();
        DeviceDescription wan = DeviceDescription.builder(v2 ? WAN_DEVICE2 : WAN_DEVICE1, wanUdn)
                .friendlyName("WANDevice")
                .manufacturer("Portcullis")
                .modelName("Portcullis WAN")
                .service(common)
                .device(conn)
                .build();
        DeviceDescription root = DeviceDescription.builder(v2 ? IGD2 : IGD1, rootUdn)
                .friendlyName(friendlyName)
                .manufacturer("Portcullis")
                .modelName("Portcullis IGD")
                .modelNumber("0.1")
                .modelDescription("Portcullis UPnP Internet Gateway Device")
                .presentationUrl(PRESENTATION_PATH)
                .service(l3f)
                .device(wan)
                .build();
        return new IgdDeviceTree(root, wanIp, common, l3f, connUdn, version, firewall);
    }

    /** Layer3Forwarding's DefaultConnectionService value. */
    public String defaultConnectionService() {
        return wanConnUdn + ":WANConnectionDevice:" + version + "," + wanIp.serviceId();
    }
}
