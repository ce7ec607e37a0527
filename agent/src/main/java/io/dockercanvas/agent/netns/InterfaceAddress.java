package io.dockercanvas.agent.netns;

/**
 * One address on an interface of a namespace.
 *
 * @param interfaceIndex the ifindex it is on
 * @param cidr the address with its prefix length ("10.0.1.2/24", "fd00::2/64")
 */
public record InterfaceAddress(int interfaceIndex, String cidr) {}
