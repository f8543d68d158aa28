package org.portcullis.upnp.igd.client;

/** Device descriptions as gateways serve them, for the description-parsing and client tests. */
public final class Descriptions {
    private Descriptions() {}

    /** rootDesc.xml of Debian's miniupnpd 2.3.1 (nftables), captured in a test namespace (IGD:2 tree). */
    public static final String MINIUPNPD_2_3_1 = """
<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0" configId="1337"><specVersion><major>1</major><minor>1</minor></specVersion><device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:2</deviceType><friendlyName>Debian router</friendlyName><manufacturer>Debian</manufacturer><manufacturerURL>http://www.debian.org/</manufacturerURL><modelDescription>Debian router</modelDescription><modelName>Debian router</modelName><modelNumber>1</modelNumber><modelURL>http://www.debian.org/</modelURL><serialNumber>00000000</serialNumber><UDN>uuid:3d3cec3a-8cf0-11e0-98ee-001a6bd2d07d</UDN><serviceList><service><serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType><serviceId>urn:upnp-org:serviceId:L3Forwarding1</serviceId><SCPDURL>/L3F.xml</SCPDURL><controlURL>/ctl/L3F</controlURL><eventSubURL>/evt/L3F</eventSubURL></service><service><serviceType>urn:schemas-upnp-org:service:DeviceProtection:1</serviceType><serviceId>urn:upnp-org:serviceId:DeviceProtection1</serviceId><SCPDURL>/DP.xml</SCPDURL><controlURL>/ctl/DP</controlURL><eventSubURL>/evt/DP</eventSubURL></service></serviceList><deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:2</deviceType><friendlyName>WANDevice</friendlyName><manufacturer>MiniUPnP</manufacturer><manufacturerURL>http://miniupnp.free.fr/</manufacturerURL><modelDescription>WAN Device</modelDescription><modelName>WAN Device</modelName><modelNumber>20221221</modelNumber><modelURL>http://miniupnp.free.fr/</modelURL><serialNumber>00000000</serialNumber><UDN>uuid:3d3cec3a-8cf0-11e0-98ee-001a6bd2d07e</UDN><UPC>000000000000</UPC><serviceList><service><serviceType>urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1</serviceType><serviceId>urn:upnp-org:serviceId:WANCommonIFC1</serviceId><SCPDURL>/WANCfg.xml</SCPDURL><controlURL>/ctl/CmnIfCfg</controlURL><eventSubURL>/evt/CmnIfCfg</eventSubURL></service></serviceList><deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:2</deviceType><friendlyName>WANConnectionDevice</friendlyName><manufacturer>MiniUPnP</manufacturer><manufacturerURL>http://miniupnp.free.fr/</manufacturerURL><modelDescription>MiniUPnP daemon</modelDescription><modelName>MiniUPnPd</modelName><modelNumber>20221221</modelNumber><modelURL>http://miniupnp.free.fr/</modelURL><serialNumber>00000000</serialNumber><UDN>uuid:3d3cec3a-8cf0-11e0-98ee-001a6bd2d07f</UDN><UPC>000000000000</UPC><serviceList><service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:2</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId><SCPDURL>/WANIPCn.xml</SCPDURL><controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL></service><service><serviceType>urn:schemas-upnp-org:service:WANIPv6FirewallControl:1</serviceType><serviceId>urn:upnp-org:serviceId:WANIPv6Firewall1</serviceId><SCPDURL>/WANIP6FC.xml</SCPDURL><controlURL>/ctl/IP6FCtl</controlURL><eventSubURL>/evt/IP6FCtl</eventSubURL></service></serviceList></device></deviceList></device></deviceList><presentationURL>http://192.168.77.1/</presentationURL></device></root>""";

    /** An IGD:1 tree with WANPPPConnection:1 and WANIPConnection:1 side by side, no namespace, padded text. */
    public static final String NO_NAMESPACE_PPP_AND_IP1 = """
            <?xml version="1.0"?>
            <root>
              <specVersion><major>1</major><minor>0</minor></specVersion>
              <device>
                <deviceType> urn:schemas-upnp-org:device:InternetGatewayDevice:1 </deviceType>
                <friendlyName>
                   Old Router
                </friendlyName>
                <manufacturer>ACME</manufacturer><modelName>R-1</modelName><modelNumber>1.0</modelNumber>
                <deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>
                  <friendlyName>inner</friendlyName>
                  <deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
                    <serviceList>
                      <service>
                        <serviceType>urn:schemas-upnp-org:service:WANPPPConnection:1</serviceType>
                        <controlURL>/ppp</controlURL>
                      </service>
                      <service>
                        <serviceType>
                          urn:schemas-upnp-org:service:WANIPConnection:1
                        </serviceType>
                        <controlURL> /upnp/control/WANIPConn1 </controlURL>
                      </service>
                    </serviceList>
                  </device></deviceList>
                </device></deviceList>
              </device>
            </root>
            """;

    /** UDA 1.0 style: prefixed namespace, URLBase without a trailing slash, control URL without a leading slash. */
    public static String prefixedWithUrlBase(String urlBase) {
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <d:root xmlns:d="urn:schemas-upnp-org:device-1-0">
              <d:URLBase>%s</d:URLBase>
              <d:device>
                <d:friendlyName>Prefixed</d:friendlyName>
                <d:serviceList><d:service>
                  <d:serviceType>urn:schemas-upnp-org:service:WANPPPConnection:1</d:serviceType>
                  <d:controlURL>ctl/ppp</d:controlURL>
                </d:service></d:serviceList>
              </d:device>
            </d:root>
            """.formatted(urlBase);
    }

    /** A single connection service with the given type and control URL, in the standard namespace. */
    public static String withService(String serviceType, String controlUrl) {
        return """
            <?xml version="1.0"?>
            <root xmlns="urn:schemas-upnp-org:device-1-0"><device><friendlyName>One</friendlyName>
            <serviceList><service><serviceType>%s</serviceType><controlURL>%s</controlURL></service></serviceList>
            </device></root>
            """.formatted(serviceType, controlUrl);
    }
}
