/**
 * SSDP for a UPnP device: {@link org.portcullis.upnp.ssdp.SsdpAdvertiser} (alive/byebye announcements and
 * M-SEARCH responses) configured by {@link org.portcullis.upnp.ssdp.SsdpConfig} and fed an
 * {@link org.portcullis.upnp.ssdp.Advertisement}; and {@link org.portcullis.upnp.ssdp.SsdpSearcher}, a one-shot
 * control-point search.
 */
package org.portcullis.upnp.ssdp;
