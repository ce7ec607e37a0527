package io.dockercanvas.collector.observer;

import static io.dockercanvas.collector.store.FilterBuilder.each;

import com.google.protobuf.ProtocolMessageEnum;
import io.dockercanvas.collector.store.Filter;
import io.dockercanvas.collector.store.FilterBuilder;
import io.dockercanvas.collector.store.FilterSet;
import io.dockercanvas.collector.topology.ClusterTopology;
import io.dockercanvas.proto.v1.Protocol;
import io.dockercanvas.proto.v1.RewriteKind;
import io.dockercanvas.proto.v1.TrafficClass;
import io.dockercanvas.proto.v1.VerdictState;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract filters to domain filters through {@link FilterBuilder}, which checks every value. A bad
 * value fails with {@link InvalidRequestException} naming the field, e.g. "allowlist[0].ips[1]: 'x'
 * is not an IP address or CIDR".
 */
final class FilterParser {

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
    FilterBuilder b = new FilterBuilder(topology.filterNames());
    try {
      each(where + ".nodes", f.getNodesList(), b::node);
      each(where + ".networks", f.getNetworksList(), b::network);
      each(where + ".services", f.getServicesList(), b::service);
      each(where + ".source_services", f.getSourceServicesList(), b::sourceService);
      each(where + ".destination_services", f.getDestinationServicesList(), b::destinationService);
      each(where + ".ips", f.getIpsList(), b::ip);
      each(where + ".source_ips", f.getSourceIpsList(), b::sourceIp);
      each(where + ".destination_ips", f.getDestinationIpsList(), b::destinationIp);
      each(where + ".ports", f.getPortsList(), (w, p) -> b.port(w, Integer.toUnsignedLong(p)));
      each(where + ".vnis", f.getVnisList(), (w, v) -> b.vni(w, Integer.toUnsignedLong(v)));
      each(where + ".points", f.getPointsList(), b::point);
      each(
          where + ".protocols",
          f.getProtocolsValueList(),
          (w, p) -> b.protocol(known(w, Protocol.forNumber(p), p).getNumber()));
      each(
          where + ".rewrites",
          f.getRewritesValueList(),
          (w, r) -> b.rewrite(w, known(w, RewriteKind.forNumber(r), r).name()));
      each(
          where + ".traffic_classes",
          f.getTrafficClassesValueList(),
          (w, t) -> b.traffic(w, known(w, TrafficClass.forNumber(t), t).name()));
      each(
          where + ".verdicts",
          f.getVerdictsValueList(),
          (w, v) -> b.verdict(w, known(w, VerdictState.forNumber(v), v).name()));
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /** An enum value the contract defines, other than its UNSPECIFIED zero. */
  private static <E extends Enum<E> & ProtocolMessageEnum> E known(
      String where, E value, int number) {
    if (value == null || value.getNumber() == 0) {
      throw new IllegalArgumentException(where + ": " + number + " is not a known value");
    }
    return value;
  }
}
