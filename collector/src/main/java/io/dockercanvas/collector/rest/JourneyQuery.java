package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.store.FilterBuilder;
import io.dockercanvas.collector.store.FilterNames;
import io.dockercanvas.collector.store.FilterSet;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /api/v1/journeys} (and {@code /api/v1/journeys/pcap}): {@code limit}
 * (1-10000, default 200), {@code since} and {@code until} (RFC 3339, or a duration before now such
 * as {@code 5m}: journeys whose first hop is in [since, until)), and repeatable filters: {@code
 * node}, {@code network}, {@code service}, {@code from_service}, {@code to_service}, {@code ip},
 * {@code from_ip}, {@code to_ip} (address or CIDR), {@code port}, {@code proto} (tcp, udp, icmp or
 * a number), {@code vni}, {@code point} ({@code eth0} or {@code node2:eth0}), {@code rewrite}
 * (DNAT, SNAT, ENCAP...), {@code traffic} (data, control, dns, overlay-control) and {@code verdict}
 * (DELIVERED, STOPPED, UNKNOWN, ANSWERED, UNANSWERED or PROBLEM). Values of one parameter OR,
 * different parameters AND; a parameter prefixed {@code not.} leaves out what it matches. The same
 * values mean the same as in the Observer API's Filter. A bad value or an unknown parameter is
 * refused with a message naming it.
 */
record JourneyQuery(int limit, long sinceNs, long untilNs, FilterSet filters) {

  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 10_000;
  static final String NOT = "not.";

  /** Filter parameters and what each adds to the filter. */
  private static final Map<String, BiConsumer<FilterBuilder, String>> FILTERS =
      Map.ofEntries(
          Map.entry("node", (b, v) -> b.node("node", v)),
          Map.entry("network", (b, v) -> b.network("network", v)),
          Map.entry("service", (b, v) -> b.service("service", v)),
          Map.entry("from_service", (b, v) -> b.sourceService("from_service", v)),
          Map.entry("to_service", (b, v) -> b.destinationService("to_service", v)),
          Map.entry("ip", (b, v) -> b.ip("ip", v)),
          Map.entry("from_ip", (b, v) -> b.sourceIp("from_ip", v)),
          Map.entry("to_ip", (b, v) -> b.destinationIp("to_ip", v)),
          Map.entry("port", (b, v) -> b.port("port", v)),
          Map.entry("proto", (b, v) -> b.protocol("proto", v)),
          Map.entry("vni", (b, v) -> b.vni("vni", v)),
          Map.entry("point", (b, v) -> b.point("point", v)),
          Map.entry("rewrite", (b, v) -> b.rewrite("rewrite", v)),
          Map.entry("traffic", (b, v) -> b.traffic("traffic", v)),
          Map.entry("verdict", (b, v) -> b.verdict("verdict", v)));

  private static final Set<String> OTHERS = Set.of("limit", "since", "until");
  private static final Pattern AGO = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  boolean matches(Journey journey) {
    long t = journey.earliestNs();
    return t >= sinceNs && t < untilNs && filters.matches(journey);
  }

  static JourneyQuery parse(MultiMap params, FilterNames names) {
    return parse(params, names, Clock.systemUTC());
  }

  static JourneyQuery parse(MultiMap params, FilterNames names, Clock clock) {
    FilterBuilder allow = new FilterBuilder(names);
    FilterBuilder deny = new FilterBuilder(names);
    boolean denies = false;
    for (String name : new TreeSet<>(params.names())) {
      boolean not = name.startsWith(NOT);
      String key = not ? name.substring(NOT.length()) : name;
      BiConsumer<FilterBuilder, String> add = FILTERS.get(key);
      if (add == null && (not || !OTHERS.contains(key))) {
        throw new IllegalArgumentException(
            name
                + ": unknown parameter (filters: "
                + String.join(", ", new TreeSet<>(FILTERS.keySet()))
                + ", each also as not.<name>; and limit, since, until)");
      }
      if (add != null) {
        for (String value : params.getAll(name)) {
          try {
            add.accept(not ? deny : allow, value);
          } catch (IllegalArgumentException e) {
            // the builder names the parameter without its not. prefix
            throw new IllegalArgumentException(not ? NOT + e.getMessage() : e.getMessage());
          }
        }
        denies |= not;
      }
    }
    int limit =
        params.contains("limit")
            ? number(params.get("limit"), "limit", 1, MAX_LIMIT)
            : DEFAULT_LIMIT;
    Instant now = clock.instant();
    long since =
        params.contains("since") ? when(params.get("since"), "since", now) : Long.MIN_VALUE;
    long until =
        params.contains("until") ? when(params.get("until"), "until", now) : Long.MAX_VALUE;
    if (since > until) {
      throw new IllegalArgumentException("since: is after until");
    }
    // an empty deny filter would match, so leave out every journey: only a given not.* makes one
    return new JourneyQuery(
        limit,
        since,
        until,
        new FilterSet(List.of(allow.build()), denies ? List.of(deny.build()) : List.of()));
  }

  /** RFC 3339 ("2026-12-05T09:00:00Z") or a duration before now ("90s", "5m", "2h", "1d"). */
  static long when(String text, String name, Instant now) {
    String value = text.trim();
    Matcher ago = AGO.matcher(value);
    if (ago.matches()) {
      long n = Long.parseLong(ago.group(1));
      Duration d =
          switch (ago.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return nanos(now.minus(d));
    }
    try {
      return nanos(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name
              + ": '"
              + text
              + "' is neither a time (RFC 3339, e.g. 2026-12-05T09:00:00Z) nor a duration before"
              + " now (e.g. 30s, 5m, 2h, 1d)");
    }
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
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
