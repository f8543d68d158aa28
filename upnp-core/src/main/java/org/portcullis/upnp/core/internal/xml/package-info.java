/** The hardened XML factories ({@link org.portcullis.upnp.core.internal.xml.SafeXml}); internal. */
package org.portcullis.upnp.core.internal.xml;
