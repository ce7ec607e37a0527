package io.dockercanvas.agent.netns;

import io.dockercanvas.pipeline.ipvs.Ipvs;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Interfaces, their addresses, bridge forwarding entries and the IPVS load balancer read from one
 * network namespace at one moment.
 */
public record NamespaceInventory(
    List<NetInterface> interfaces,
    List<FdbEntry> fdb,
    List<InterfaceAddress> addresses,
    Ipvs ipvs) {

  public NamespaceInventory {
    interfaces = List.copyOf(interfaces);
    fdb = List.copyOf(fdb);
    addresses = List.copyOf(addresses);
    ipvs = Objects.requireNonNull(ipvs);
  }

  /** Without IPVS (a kernel without it, or a namespace Docker programmed none in). */
  public NamespaceInventory(
      List<NetInterface> interfaces, List<FdbEntry> fdb, List<InterfaceAddress> addresses) {
    this(interfaces, fdb, addresses, Ipvs.NONE);
  }

  /** Without addresses (tests and fixtures that only need links and the FDB). */
  public NamespaceInventory(List<NetInterface> interfaces, List<FdbEntry> fdb) {
    this(interfaces, fdb, List.of(), Ipvs.NONE);
  }

  /** The addresses on the interface with this ifindex, as CIDR text, in the kernel's order. */
  public List<String> addressesOf(int interfaceIndex) {
    return addresses.stream()
        .filter(a -> a.interfaceIndex() == interfaceIndex)
        .map(InterfaceAddress::cidr)
        .toList();
  }

  public Optional<NetInterface> interfaceNamed(String name) {
    return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public Optional<NetInterface> interfaceAt(int index) {
    return interfaces.stream().filter(i -> i.index() == index).findFirst();
  }

  /** Interfaces enslaved to the given bridge. */
  public List<NetInterface> portsOf(NetInterface bridge) {
    return interfaces.stream().filter(i -> i.masterIndex() == bridge.index()).toList();
  }

  /** The remote VTEP addresses this namespace's vxlan devices send to, sorted. */
  public List<String> remoteVteps() {
    Set<Integer> vxlanIndexes =
        interfaces.stream()
            .filter(NetInterface::isVxlan)
            .map(NetInterface::index)
            .collect(Collectors.toSet());
    return fdb.stream()
        .filter(e -> e.hasRemote() && vxlanIndexes.contains(e.interfaceIndex()))
        .map(FdbEntry::remoteAddress)
        .filter(Objects::nonNull)
        .distinct()
        .sorted()
        .toList();
  }
}
