/** SSDP internals: notification sets and search matching, rate limits, Netty handlers. Not exported. */
package org.portcullis.upnp.ssdp.internal;
