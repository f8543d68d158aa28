package org.portcullis.upnp.igd.internal.device;

import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.description.DeviceDescription;
import org.portcullis.upnp.core.description.ServiceDescription;

/**
 * The IGD:1 device tree and its URL layout. Paths follow miniupnpd's, which every client has met.
 *
 * @param root        the root device description
 * @param wanIp       the WANIPConnection:1 service
 * @param commonIfc   the WANCommonInterfaceConfig:1 service
 * @param l3f         the Layer3Forwarding:1 service
 * @param wanConnUdn  the WANConnectionDevice's UDN
 */
public record IgdDeviceTree(
        DeviceDescription root, ServiceDescription wanIp, ServiceDescription commonIfc, ServiceDescription l3f,
        Udn wanConnUdn) {
    public static final String DESCRIPTION_PATH = "/rootDesc.xml";
    public static final String PRESENTATION_PATH = "/";

    public static final UpnpType IGD1 = UpnpType.device("InternetGatewayDevice", 1);
    public static final UpnpType WAN_DEVICE1 = UpnpType.device("WANDevice", 1);
    public static final UpnpType WAN_CONNECTION_DEVICE1 = UpnpType.device("WANConnectionDevice", 1);
    public static final UpnpType WAN_IP_CONNECTION1 = UpnpType.service("WANIPConnection", 1);
    public static final UpnpType WAN_COMMON_IFC1 = UpnpType.service("WANCommonInterfaceConfig", 1);
    public static final UpnpType L3F1 = UpnpType.service("Layer3Forwarding", 1);

    /**
     * Builds the tree. UDNs are derived from {@code deviceId} so they stay the same across restarts.
     *
     * @param deviceId     a stable identity of this gateway
     * @param friendlyName the user-facing name
     */
    public static IgdDeviceTree create(String deviceId, String friendlyName) {
        Udn rootUdn = Udn.derived(deviceId + "/InternetGatewayDevice");
        Udn wanUdn = Udn.derived(deviceId + "/WANDevice");
        Udn connUdn = Udn.derived(deviceId + "/WANConnectionDevice");
        ServiceDescription l3f = new ServiceDescription(L3F1, "urn:upnp-org:serviceId:L3Forwarding1",
                "/L3F.xml", "/ctl/L3F", "/evt/L3F", IgdScpds.layer3Forwarding1());
        ServiceDescription common = new ServiceDescription(WAN_COMMON_IFC1, "urn:upnp-org:serviceId:WANCommonIFC1",
                "/WANCfg.xml", "/ctl/CmnIfCfg", "/evt/CmnIfCfg", IgdScpds.wanCommonInterfaceConfig1());
        ServiceDescription wanIp = new ServiceDescription(WAN_IP_CONNECTION1, "urn:upnp-org:serviceId:WANIPConn1",
                "/WANIPCn.xml", "/ctl/IPConn", "/evt/IPConn", IgdScpds.wanIpConnection1());
        DeviceDescription conn = DeviceDescription.builder(WAN_CONNECTION_DEVICE1, connUdn)
                .friendlyName("WANConnectionDevice")
                .manufacturer("Portcullis")
                .modelName("Portcullis WAN connection")
                .service(wanIp)
                .build();
        DeviceDescription wan = DeviceDescription.builder(WAN_DEVICE1, wanUdn)
                .friendlyName("WANDevice")
                .manufacturer("Portcullis")
                .modelName("Portcullis WAN")
                .service(common)
                .device(conn)
                .build();
        DeviceDescription root = DeviceDescription.builder(IGD1, rootUdn)
                .friendlyName(friendlyName)
                .manufacturer("Portcullis")
                .modelName("Portcullis IGD")
                .modelNumber("0.1")
                .modelDescription("Portcullis UPnP Internet Gateway Device")
                .presentationUrl(PRESENTATION_PATH)
                .service(l3f)
                .device(wan)
                .build();
        return new IgdDeviceTree(root, wanIp, common, l3f, connUdn);
    }

    /** Layer3Forwarding's DefaultConnectionService value. */
    public String defaultConnectionService() {
        return wanConnUdn + ":WANConnectionDevice:1," + wanIp.serviceId();
    }
}
