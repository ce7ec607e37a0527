package io.dockercanvas.pipeline.flow;

/**
 * One flow's counters at one observation point, as the flow table reports it when it changed. For
 * an encapsulated packet the addresses and ports are the inner ones and {@code vni} and the outer
 * addresses name the tunnel.
 *
 * @param ipVersion 4 or 6
 * @param source inner source address, 4 or 16 bytes
 * @param destination inner destination address, 4 or 16 bytes
 * @param protocol IP protocol number
 * @param vni VXLAN network identifier, 0 when not encapsulated
 * @param outerSource outer (VTEP) IPv4 source, empty when not encapsulated or the tunnel runs over
 *     IPv6
 * @param tcpFlagsSeen OR of the TCP flags of every packet
 * @param ended the table stopped tracking the flow (idle, closed or evicted): this is its last
 *     report
 */
public record FlowSummary(
    int ipVersion,
    byte[] source,
    byte[] destination,
    int sourcePort,
    int destinationPort,
    int protocol,
    int vni,
    byte[] outerSource,
    byte[] outerDestination,
    long packets,
    long bytes,
    long firstSeenNanos,
    long lastSeenNanos,
    int tcpFlagsSeen,
    boolean ended) {}
