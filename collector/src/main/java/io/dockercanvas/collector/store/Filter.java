package io.dockercanvas.collector.store;

import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.ObservationPoint;
import io.dockercanvas.collector.journey.PathTopology;
import io.dockercanvas.collector.journey.PointKind;
import io.dockercanvas.collector.journey.Rewrite;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Selects journeys or flows. Every non-empty criterion must match; a criterion matches when any of
 * its values does. A journey matches a criterion when any of its hops does.
 */
public record Filter(
    Set<String> nodes,
    Set<String> networks,
    Set<String> services,
    List<IpRange> ips,
    Set<Integer> ports,
    Set<Integer> protocols,
    Set<Integer> vnis,
    Set<String> verdicts) {

  /** Verdict filter values: a state, an answer, or any problem. */
  public static final Set<String> VERDICT_VALUES =
      Set.of("DELIVERED", "STOPPED", "UNKNOWN", "ANSWERED", "UNANSWERED", "PROBLEM");

  public static final Filter ALL =
      new Filter(Set.of(), Set.of(), Set.of(), List.of(), Set.of(), Set.of(), Set.of());

  public Filter(
      Set<String> nodes,
      Set<String> networks,
      Set<String> services,
      List<IpRange> ips,
      Set<Integer> ports,
      Set<Integer> protocols,
      Set<Integer> vnis) {
    this(nodes, networks, services, ips, ports, protocols, vnis, Set.of());
  }

  public Filter withVerdicts(Set<String> verdicts) {
    return new Filter(nodes, networks, services, ips, ports, protocols, vnis, verdicts);
  }

  public Filter {
    verdicts = Set.copyOf(verdicts);
    for (String verdict : verdicts) {
      if (!VERDICT_VALUES.contains(verdict)) {
        throw new IllegalArgumentException(
            "verdict: " + verdict + " is not one of " + new java.util.TreeSet<>(VERDICT_VALUES));
      }
    }
    nodes = Set.copyOf(nodes);
    networks = Set.copyOf(networks);
    services = Set.copyOf(services);
    ips = List.copyOf(ips);
    ports = Set.copyOf(ports);
    protocols = Set.copyOf(protocols);
    vnis = Set.copyOf(vnis);
  }

  public boolean matches(Journey journey) {
    List<Hop> hops = journey.hops();
    return (nodes.isEmpty() || hops.stream().anyMatch(h -> nodes.contains(h.node())))
        && (networks.isEmpty() || anyIn(journey.networks(), networks))
        && (services.isEmpty() || anyIn(journey.services(), services))
        && (ips.isEmpty()
            || hops.stream()
                .anyMatch(
                    h ->
                        anyAddress(
                            h.observation().headers().src(),
                            h.observation().headers().dst(),
                            outerSrc(h),
                            outerDst(h))))
        && (ports.isEmpty()
            || hops.stream()
                .anyMatch(
                    h ->
                        ports.contains(h.observation().headers().srcPort())
                            || ports.contains(h.observation().headers().dstPort())))
        && (protocols.isEmpty()
            || hops.stream()
                .anyMatch(h -> protocols.contains(h.observation().headers().protocol())))
        && (vnis.isEmpty() || hops.stream().anyMatch(this::hasVni))
        && (verdicts.isEmpty() || verdictMatches(journey));
  }

  private boolean verdictMatches(Journey journey) {
    return journey
        .judged()
        .map(
            v ->
                verdicts.contains(v.state().name())
                    || verdicts.contains(v.answer().name())
                    || (v.problem() && verdicts.contains("PROBLEM")))
        .orElse(false);
  }

  /**
   * Flows name their point only; the topology says which network and service that point belongs to.
   */
  public boolean matches(Flow flow, PathTopology topology) {
    return (nodes.isEmpty() || nodes.contains(flow.node()))
        && (networks.isEmpty() || networks.contains(networkOf(flow, topology)))
        && (services.isEmpty() || services.contains(serviceOf(flow, topology)))
        && (ips.isEmpty()
            || anyAddress(flow.srcIp(), flow.dstIp(), flow.outerSrcIp(), flow.outerDstIp()))
        && (ports.isEmpty() || ports.contains(flow.srcPort()) || ports.contains(flow.dstPort()))
        && (protocols.isEmpty() || protocols.contains(flow.protocol()))
        && (vnis.isEmpty() || vnis.contains(flow.vni()));
  }

  private boolean hasVni(Hop hop) {
    if (hop.observation().encapsulated() && vnis.contains(hop.observation().vxlan().vni())) {
      return true;
    }
    return hop.rewrites().stream().map(Rewrite::vni).anyMatch(vnis::contains);
  }

  private boolean anyAddress(String... addresses) {
    for (String address : addresses) {
      for (IpRange range : ips) {
        if (range.contains(address)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String networkOf(Flow flow, PathTopology topology) {
    if (flow.vni() != 0) {
      return topology.networkOfVni(flow.vni()).orElse("");
    }
    ObservationPoint point = ObservationPoint.parse(flow.point());
    if (point.kind() == PointKind.SANDBOX) {
      return topology.networkOfInterface(flow.node(), point.owner(), point.iface()).orElse("");
    }
    return point.network();
  }

  private static String serviceOf(Flow flow, PathTopology topology) {
    ObservationPoint point = ObservationPoint.parse(flow.point());
    return point.kind() == PointKind.SANDBOX
        ? topology.serviceOfSandbox(flow.node(), point.owner()).orElse("")
        : "";
  }

  private static String outerSrc(Hop hop) {
    return hop.observation().encapsulated() ? hop.observation().vxlan().outerSrc() : "";
  }

  private static String outerDst(Hop hop) {
    return hop.observation().encapsulated() ? hop.observation().vxlan().outerDst() : "";
  }

  private static boolean anyIn(Collection<String> values, Set<String> wanted) {
    return values.stream().anyMatch(wanted::contains);
  }
}
