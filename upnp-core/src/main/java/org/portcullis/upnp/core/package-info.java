/** Core UPnP types: UDNs, type URNs, error codes and the exception that carries them. */
package org.portcullis.upnp.core;
