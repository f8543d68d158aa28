/**
 * GENA eventing: {@link org.portcullis.upnp.gena.EventPublisher} (subscriptions and NOTIFY delivery),
 * {@link org.portcullis.upnp.gena.GenaConfig} (limits and policy), and the values {@link org.portcullis.upnp.gena.Sid}
 * and {@link org.portcullis.upnp.gena.PropertySet}.
 */
package org.portcullis.upnp.gena;
