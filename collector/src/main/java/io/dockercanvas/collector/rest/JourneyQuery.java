package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.store.Filter;
import io.dockercanvas.collector.store.IpRange;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The query of {@code GET /api/v1/journeys}: {@code limit} (1-10000, default 200) and repeatable
 * {@code node}, {@code network}, {@code service}, {@code ip} (address or CIDR), {@code port},
 * {@code proto} (tcp, udp, icmp or a number), {@code vni} and {@code verdict} (DELIVERED, STOPPED,
 * UNKNOWN, ANSWERED, UNANSWERED or PROBLEM). A bad value is refused with a message naming the
 * parameter.
 */
record JourneyQuery(int limit, Filter filter) {

  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 10_000;

  static JourneyQuery parse(MultiMap params) {
    int limit = DEFAULT_LIMIT;
    if (params.contains("limit")) {
      limit = number(params.get("limit"), "limit", 1, MAX_LIMIT);
    }
    List<IpRange> ips = new ArrayList<>();
    for (String ip : params.getAll("ip")) {
      try {
        ips.add(IpRange.parse(ip));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ip: " + e.getMessage());
      }
    }
    Set<Integer> ports = new HashSet<>();
    params.getAll("port").forEach(p -> ports.add(number(p, "port", 1, 65535)));
    Set<Integer> protocols = new HashSet<>();
    params.getAll("proto").forEach(p -> protocols.add(protocol(p)));
    Set<Integer> vnis = new HashSet<>();
    params.getAll("vni").forEach(v -> vnis.add(number(v, "vni", 0, (1 << 24) - 1)));
    Filter filter =
        new Filter(
            names(params, "node"),
            names(params, "network"),
            names(params, "service"),
            ips,
            ports,
            protocols,
            vnis);
    Set<String> verdicts = new HashSet<>();
    params.getAll("verdict").forEach(v -> verdicts.add(v.trim().toUpperCase(Locale.ROOT)));
    return new JourneyQuery(limit, filter.withVerdicts(verdicts));
  }

  private static Set<String> names(MultiMap params, String name) {
    Set<String> values = new HashSet<>();
    for (String value : params.getAll(name)) {
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + ": empty");
      }
      values.add(value);
    }
    return values;
  }

  private static int protocol(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "tcp" -> 6;
      case "udp" -> 17;
      case "icmp" -> 1;
      case "icmpv6" -> 58;
      case "sctp" -> 132;
      default -> number(value, "proto", 0, 255);
    };
  }

  private static int number(String value, String name, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new IllegalArgumentException(
        name + ": '" + value + "' is not a number from " + min + " to " + max);
  }
}
