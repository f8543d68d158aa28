package org.portcullis.upnp.igd;

/**
 * Which InternetGatewayDevice version the IGD presents.
 *
 * <p>{@link #AUTO}, the default, announces and describes IGD:2 (InternetGatewayDevice:2, WANDevice:2,
 * WANConnectionDevice:2, WANIPConnection:2) and gives the IGD:1 view of the same device (same UDNs, same control
 * URLs, one shared mapping table) to control points whose {@code User-Agent} contains {@code microsoft} or
 * {@code FDSSDP}, case-insensitively. Why: libminiupnpc and most clients search for IGD:1 and are answered by the
 * IGD:2 device through the UDA version rule, then read the IGD:2 description and use it (they match service types
 * by prefix); Windows' NAT traversal client and some consoles accept only IGD:1 descriptions, which miniupnpd
 * handles the same way since 2021 (spec/igd.md §11). Control requests are always judged by the version in their
 * SOAPACTION: an {@code WANIPConnection:1#AddPortMapping} gets IGD:1 error codes (718/714) and IGD:1 lease rules
 * even when sent to the IGD:2 service, which a v2 service must accept.
 */
public enum IgdVersion {
    /** IGD:1 only: announcements, descriptions and SCPDs say version 1. */
    V1,
    /** IGD:2 for every control point. */
    V2,
    /** IGD:2, with the IGD:1 description for Microsoft and FDSSDP user agents. */
    AUTO
}
