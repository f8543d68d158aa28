/**
 * WANIPv6FirewallControl:1 (spec/igd.md §9): the pinhole table and its SOAP actions. Pinholes are policed, leased,
 * journaled, and applied to the packet path through the NAT backend; packet counts come from the backend.
 */
package org.portcullis.upnp.igd.internal.pinhole;
