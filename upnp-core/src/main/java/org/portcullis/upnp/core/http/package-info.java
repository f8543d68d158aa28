/** The one LAN HTTP server on which description, control, eventing and presentation routes are mounted. */
package org.portcullis.upnp.core.http;
