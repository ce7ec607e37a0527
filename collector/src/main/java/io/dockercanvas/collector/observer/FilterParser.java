package io.dockercanvas.collector.observer;

import io.dockercanvas.collector.store.Filter;
import io.dockercanvas.collector.store.FilterSet;
import io.dockercanvas.collector.store.IpRange;
import io.dockercanvas.collector.topology.ClusterTopology;
import io.dockercanvas.proto.v1.Protocol;
import io.dockercanvas.proto.v1.VerdictState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Contract filters to domain filters, checking every value. A bad value fails with {@link
 * InvalidRequestException} naming the field, e.g. "allowlist[0].ips[1]: 'x' is not an IP address or
 * CIDR".
 */
final class FilterParser {

  private static final int MAX_VNI = (1 << 24) - 1;

  private FilterParser() {}

  static FilterSet parse(
      List<io.dockercanvas.proto.v1.Filter> allow,
      List<io.dockercanvas.proto.v1.Filter> deny,
      ClusterTopology topology) {
    return new FilterSet(
        parseAll("allowlist", allow, topology), parseAll("denylist", deny, topology));
  }

  private static List<Filter> parseAll(
      String list, List<io.dockercanvas.proto.v1.Filter> filters, ClusterTopology topology) {
    List<Filter> parsed = new ArrayList<>(filters.size());
    for (int i = 0; i < filters.size(); i++) {
      parsed.add(parse(list + "[" + i + "]", filters.get(i), topology));
    }
    return parsed;
  }

  static Filter parse(String where, io.dockercanvas.proto.v1.Filter f, ClusterTopology topology) {
    List<IpRange> ips = new ArrayList<>();
    for (int i = 0; i < f.getIpsCount(); i++) {
      try {
        ips.add(IpRange.parse(f.getIps(i)));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(where + ".ips[" + i + "]: " + e.getMessage());
      }
    }
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < f.getPortsCount(); i++) {
      int port = f.getPorts(i);
      if (port < 1 || port > 65535) {
        throw new InvalidRequestException(
            where
                + ".ports["
                + i
                + "]: "
                + Integer.toUnsignedString(port)
                + " is not a port (1-65535)");
      }
      ports.add(port);
    }
    Set<Integer> protocols = new HashSet<>();
    for (int i = 0; i < f.getProtocolsCount(); i++) {
      Protocol protocol = f.getProtocols(i);
      if (protocol == Protocol.PROTOCOL_UNSPECIFIED || protocol == Protocol.UNRECOGNIZED) {
        throw new InvalidRequestException(
            where
                + ".protocols["
                + i
                + "]: "
                + f.getProtocolsValue(i)
                + " is not a known protocol");
      }
      protocols.add(protocol.getNumber());
    }
    Set<Integer> vnis = new HashSet<>();
    for (int i = 0; i < f.getVnisCount(); i++) {
      int vni = f.getVnis(i);
      if (vni < 0 || vni > MAX_VNI) {
        throw new InvalidRequestException(
            where
                + ".vnis["
                + i
                + "]: "
                + Integer.toUnsignedString(vni)
                + " is not a VNI (0-"
                + MAX_VNI
                + ")");
      }
      vnis.add(vni);
    }
    Set<String> verdicts = new HashSet<>();
    for (int i = 0; i < f.getVerdictsCount(); i++) {
      VerdictState verdict = f.getVerdicts(i);
      if (verdict == VerdictState.VERDICT_STATE_UNSPECIFIED
          || verdict == VerdictState.UNRECOGNIZED) {
        throw new InvalidRequestException(
            where + ".verdicts[" + i + "]: " + f.getVerdictsValue(i) + " is not a verdict state");
      }
      verdicts.add(verdict.name().substring("VERDICT_STATE_".length()));
    }
    return new Filter(
        names(where + ".nodes", f.getNodesList()),
        networks(where, f.getNetworksList(), topology),
        services(where, f.getServicesList(), topology),
        ips,
        ports,
        protocols,
        vnis,
        verdicts);
  }

  /** Networks may be named by id: journeys carry names, so an id is translated to its name. */
  private static Set<String> networks(String where, List<String> values, ClusterTopology topology) {
    Set<String> names = names(where + ".networks", values);
    topology.networks().stream()
        .map(ClusterTopology.ClusterNetwork::network)
        .filter(n -> values.contains(n.id()))
        .forEach(n -> names.add(n.name()));
    return names;
  }

  private static Set<String> services(String where, List<String> values, ClusterTopology topology) {
    Set<String> names = names(where + ".services", values);
    topology.services().stream()
        .filter(s -> values.contains(s.id()))
        .forEach(s -> names.add(s.name()));
    return names;
  }

  private static Set<String> names(String where, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).isBlank()) {
        throw new InvalidRequestException(where + "[" + i + "]: empty");
      }
    }
    return new HashSet<>(values);
  }
}
