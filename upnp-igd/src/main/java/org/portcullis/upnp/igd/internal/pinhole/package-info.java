/**
 * WANIPv6FirewallControl:1 (spec/igd.md §9): the pinhole table and its SOAP actions. Pinholes are policed, leased,
 * journaled, and applied to the packet path through the NAT backend; packet counts come from the backend. Secure mode
 * decides "the requester's own address" with {@link org.portcullis.upnp.igd.internal.pinhole.SameHost}, which reads
 * the router's IPv6 neighbour cache through {@link org.portcullis.upnp.igd.internal.pinhole.NeighbourCache}.
 */
package org.portcullis.upnp.igd.internal.pinhole;
