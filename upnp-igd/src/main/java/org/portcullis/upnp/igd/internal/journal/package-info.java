/** The crash-safe mapping journal kept in the IGD's state directory. */
package org.portcullis.upnp.igd.internal.journal;
