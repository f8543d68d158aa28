/**
 * Shared test fixtures, published in the upnp-core test-jar: {@link org.portcullis.upnp.core.testing.Processes}
 * (bounded external commands and background processes), {@link org.portcullis.upnp.core.testing.ThreeHostTopology}
 * and {@link org.portcullis.upnp.core.testing.IsolatedHost} (network namespaces that are always removed),
 * {@link org.portcullis.upnp.core.testing.SsdpProbe} (M-SEARCH sender and NOTIFY listener run inside a namespace)
 * and {@link org.portcullis.upnp.core.testing.Prerequisites} (skip loudly on a developer box, fail under
 * {@code CI=true}).
 *
 * <p>Multicast never leaves the namespaces these fixtures create: the root namespace's {@code eth0} is a real network.
 */
package org.portcullis.upnp.core.testing;
