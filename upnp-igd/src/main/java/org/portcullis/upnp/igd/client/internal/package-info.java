/** Internals of the IGD client: the bounded HTTP exchange, description and SOAP answer readers. Not exported. */
package org.portcullis.upnp.igd.client.internal;
