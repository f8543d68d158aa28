/** Addressing and the LAN-only rule: address scopes, served LAN interfaces, and the peer policy. */
package org.portcullis.upnp.core.net;
