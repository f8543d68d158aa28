/** GENA internals: the NOTIFY client and per-subscriber delivery state. Not exported. */
package org.portcullis.upnp.gena.internal;
