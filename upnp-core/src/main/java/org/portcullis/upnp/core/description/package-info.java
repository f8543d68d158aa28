/** The description model (devices, services, SCPDs) and its XML writer. */
package org.portcullis.upnp.core.description;
