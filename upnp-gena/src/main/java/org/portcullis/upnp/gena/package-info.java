/** GENA eventing: subscriptions, property sets and event delivery (skeleton; see the module overview). */
package org.portcullis.upnp.gena;
