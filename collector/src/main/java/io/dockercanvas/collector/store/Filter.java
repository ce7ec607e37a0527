package io.dockercanvas.collector.store;

import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.ObservationPoint;
import io.dockercanvas.collector.journey.PathTopology;
import io.dockercanvas.collector.journey.PointKind;
import io.dockercanvas.collector.journey.Rewrite;
import io.dockercanvas.collector.journey.RewriteKind;
import io.dockercanvas.collector.journey.TrafficClass;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Selects journeys or flows. Every non-empty criterion must match; a criterion matches when any of
 * its values does. A journey matches a criterion when any of its hops does. The REST query, the
 * Observer's contract filter and the {@code journeys} command all build it through {@link
 * FilterBuilder}, so a value means the same and is refused with the same words everywhere.
 *
 * @param ips source or destination address, inner or outer headers
 * @param sourceIps the packet's source address at some hop (outer source for an encapsulated hop)
 * @param destinationIps the packet's destination address at some hop
 * @param sourceServices a task of one of these services sent the packet (its source address)
 * @param destinationServices the packet was sent to a task or the VIP of one of these services
 * @param points point names ("eth0", "ingress_sbox/eth0") or one node's point ("node2:eth0")
 * @param rewrites a hop rewrote the packet this way (journeys only)
 * @param trafficClasses the journey's class (journeys only)
 * @param verdicts a verdict state or answer name, or PROBLEM (journeys only)
 */
public record Filter(
    Set<String> nodes,
    Set<String> networks,
    Set<String> services,
    List<IpRange> ips,
    List<IpRange> sourceIps,
    List<IpRange> destinationIps,
    ServiceAddresses sourceServices,
    ServiceAddresses destinationServices,
    Set<Integer> ports,
    Set<Integer> protocols,
    Set<Integer> vnis,
    Set<String> points,
    Set<RewriteKind> rewrites,
    Set<TrafficClass> trafficClasses,
    Set<String> verdicts) {

  /** Verdict filter values: a state, an answer, or any problem. */
  public static final Set<String> VERDICT_VALUES =
      Set.of("DELIVERED", "STOPPED", "UNKNOWN", "ANSWERED", "UNANSWERED", "PROBLEM");

  public static final Filter ALL = new FilterBuilder().build();

  public Filter {
    nodes = Set.copyOf(nodes);
    networks = Set.copyOf(networks);
    services = Set.copyOf(services);
    ips = List.copyOf(ips);
    sourceIps = List.copyOf(sourceIps);
    destinationIps = List.copyOf(destinationIps);
    ports = Set.copyOf(ports);
    protocols = Set.copyOf(protocols);
    vnis = Set.copyOf(vnis);
    points = Set.copyOf(points);
    rewrites = Set.copyOf(rewrites);
    trafficClasses = Set.copyOf(trafficClasses);
    verdicts = Set.copyOf(verdicts);
    for (String verdict : verdicts) {
      if (!VERDICT_VALUES.contains(verdict)) {
        throw new IllegalArgumentException(
            "verdict: " + verdict + " is not one of " + new java.util.TreeSet<>(VERDICT_VALUES));
      }
    }
  }

  /**
   * The addresses of the services a direction-aware criterion names: task addresses for a source,
   * task addresses and VIPs for a destination, as the topology knew them when the filter was made.
   * Active when any name was given, even if the services have no address (then nothing matches).
   */
  public record ServiceAddresses(Set<String> names, List<IpRange> addresses) {

    public static final ServiceAddresses NONE = new ServiceAddresses(Set.of(), List.of());

    public ServiceAddresses {
      names = Set.copyOf(names);
      addresses = List.copyOf(addresses);
    }

    boolean isEmpty() {
      return names.isEmpty();
    }

    boolean contains(String address) {
      return addresses.stream().anyMatch(range -> range.contains(address));
    }
  }

  public boolean matches(Journey journey) {
    return (nodes.isEmpty() || anyHop(journey, h -> nodes.contains(h.node())))
        && (networks.isEmpty() || anyIn(journey.networks(), networks))
        && (services.isEmpty() || anyIn(journey.services(), services))
        && (ips.isEmpty() || anyHop(journey, h -> inAny(ips, sources(h)) || inAny(ips, dests(h))))
        && (sourceIps.isEmpty() || anyHop(journey, h -> inAny(sourceIps, sources(h))))
        && (destinationIps.isEmpty() || anyHop(journey, h -> inAny(destinationIps, dests(h))))
        && (sourceServices.isEmpty()
            || anyHop(journey, h -> sourceServices.contains(h.observation().headers().src())))
        && (destinationServices.isEmpty()
            || anyHop(journey, h -> destinationServices.contains(h.observation().headers().dst())))
        && (ports.isEmpty()
            || anyHop(
                journey,
                h ->
                    ports.contains(h.observation().headers().srcPort())
                        || ports.contains(h.observation().headers().dstPort())))
        && (protocols.isEmpty()
            || anyHop(journey, h -> protocols.contains(h.observation().headers().protocol())))
        && (vnis.isEmpty() || anyHop(journey, this::hasVni))
        && (points.isEmpty() || anyHop(journey, h -> atPoint(h.node(), h.point())))
        && (rewrites.isEmpty()
            || anyHop(
                journey,
                h -> h.rewrites().stream().map(Rewrite::kind).anyMatch(rewrites::contains)))
        && (trafficClasses.isEmpty() || trafficClasses.contains(journey.trafficClass()))
        && (verdicts.isEmpty() || verdictMatches(journey));
  }

  /**
   * Flows name their point only; the topology says which network and service that point belongs to.
   * Rewrites, traffic classes and verdicts belong to journeys: flows ignore them.
   */
  public boolean matches(Flow flow, PathTopology topology) {
    return (nodes.isEmpty() || nodes.contains(flow.node()))
        && (networks.isEmpty() || networks.contains(networkOf(flow, topology)))
        && (services.isEmpty() || services.contains(serviceOf(flow, topology)))
        && (ips.isEmpty()
            || inAny(ips, flow.srcIp(), flow.dstIp(), flow.outerSrcIp(), flow.outerDstIp()))
        && (sourceIps.isEmpty() || inAny(sourceIps, flow.srcIp(), flow.outerSrcIp()))
        && (destinationIps.isEmpty() || inAny(destinationIps, flow.dstIp(), flow.outerDstIp()))
        && (sourceServices.isEmpty() || sourceServices.contains(flow.srcIp()))
        && (destinationServices.isEmpty() || destinationServices.contains(flow.dstIp()))
        && (ports.isEmpty() || ports.contains(flow.srcPort()) || ports.contains(flow.dstPort()))
        && (protocols.isEmpty() || protocols.contains(flow.protocol()))
        && (vnis.isEmpty() || vnis.contains(flow.vni()))
        && (points.isEmpty() || atPoint(flow.node(), flow.point()));
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

  private boolean atPoint(String node, String point) {
    return points.contains(point) || points.contains(node + ":" + point);
  }

  private boolean hasVni(Hop hop) {
    if (hop.observation().encapsulated() && vnis.contains(hop.observation().vxlan().vni())) {
      return true;
    }
    return hop.rewrites().stream().map(Rewrite::vni).anyMatch(vnis::contains);
  }

  private static boolean anyHop(Journey journey, Predicate<Hop> test) {
    for (Hop hop : journey.hops()) {
      if (test.test(hop)) {
        return true;
      }
    }
    return false;
  }

  /** The packet's source at this hop: the inner header's, and the outer one's when encapsulated. */
  private static String[] sources(Hop hop) {
    Observation o = hop.observation();
    return o.encapsulated()
        ? new String[] {o.headers().src(), o.vxlan().outerSrc()}
        : new String[] {o.headers().src()};
  }

  private static String[] dests(Hop hop) {
    Observation o = hop.observation();
    return o.encapsulated()
        ? new String[] {o.headers().dst(), o.vxlan().outerDst()}
        : new String[] {o.headers().dst()};
  }

  private static boolean inAny(List<IpRange> ranges, String... addresses) {
    for (String address : addresses) {
      for (IpRange range : ranges) {
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

  private static boolean anyIn(Collection<String> values, Set<String> wanted) {
    return values.stream().anyMatch(wanted::contains);
  }
}
