/**
 * End-to-end tests of the shaded daemon jar (Failsafe, {@code *IT}): real control points (miniupnpc's
 * {@code upnpc} and Python binding, GSSDP's {@code gssdp-discover}) on a LAN namespace, probes from a WAN namespace
 * that must get nothing, and the daemon's command-line contract.
 */
package org.portcullis.upnp.examples.it;
