/**
 * The control-point side of the IGD profile, for applications that need a port opened: discover gateways on a LAN
 * interface ({@link org.portcullis.upnp.igd.client.Gateways}, {@link org.portcullis.upnp.igd.client.GatewayClient}),
 * read their descriptions, and call the chosen WANIPConnection / WANPPPConnection service asynchronously with typed
 * errors ({@link org.portcullis.upnp.igd.client.GatewayException}).
 */
package org.portcullis.upnp.igd.client;
