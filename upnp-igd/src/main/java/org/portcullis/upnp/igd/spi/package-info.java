/** Plug-in points for firmware integrators: the NAT backend that applies mappings. */
package org.portcullis.upnp.igd.spi;
