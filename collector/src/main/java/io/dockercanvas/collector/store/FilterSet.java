package io.dockercanvas.collector.store;

import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.PathTopology;
import java.util.List;
import java.util.function.Predicate;

/** An allowlist (any filter matches; empty allows all) and a denylist applied after it. */
public record FilterSet(List<Filter> allow, List<Filter> deny) {

  public static final FilterSet ALL = new FilterSet(List.of(), List.of());

  public FilterSet {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  public boolean matches(Journey journey) {
    return (allow.isEmpty() || allow.stream().anyMatch(f -> f.matches(journey)))
        && deny.stream().noneMatch(f -> f.matches(journey));
  }

  public boolean matches(Flow flow, PathTopology topology) {
    return (allow.isEmpty() || allow.stream().anyMatch(f -> f.matches(flow, topology)))
        && deny.stream().noneMatch(f -> f.matches(flow, topology));
  }

  public Predicate<Journey> journeys() {
    return this::matches;
  }

  public Predicate<Flow> flows(PathTopology topology) {
    return flow -> matches(flow, topology);
  }
}
