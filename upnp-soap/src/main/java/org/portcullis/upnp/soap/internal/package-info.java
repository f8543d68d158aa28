/** Implementation of the control route (argument validation, dispatch); not exported. */
package org.portcullis.upnp.soap.internal;
