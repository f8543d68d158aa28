/** The IGD profile's public API: {@link org.portcullis.upnp.igd.Igd}, its configuration, and mapping and pinhole values. */
package org.portcullis.upnp.igd;
