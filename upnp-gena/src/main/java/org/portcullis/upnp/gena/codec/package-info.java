/** GENA wire formats: header values (CALLBACK, TIMEOUT, SID, NT/NTS, SEQ) and the property-set XML document. */
package org.portcullis.upnp.gena.codec;
