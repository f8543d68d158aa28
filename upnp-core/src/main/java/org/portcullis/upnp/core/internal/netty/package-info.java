/** Netty building blocks shared by Portcullis modules: LAN filters, drop counters, rate-limited logging. */
package org.portcullis.upnp.core.internal.netty;
