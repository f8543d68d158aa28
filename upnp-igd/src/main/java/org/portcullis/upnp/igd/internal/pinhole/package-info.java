/**
 * WANIPv6FirewallControl:1 (spec/igd.md §9): the pinhole table and its SOAP actions. Pinholes are recorded, leased,
 * policed and reported; no NAT backend applies them to the kernel firewall yet.
 */
package org.portcullis.upnp.igd.internal.pinhole;
