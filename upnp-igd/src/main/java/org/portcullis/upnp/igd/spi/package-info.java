/** Plug-in points for firmware integrators: the NAT backend that applies mappings and IPv6 pinholes. */
package org.portcullis.upnp.igd.spi;
