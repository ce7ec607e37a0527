package io.dockercanvas.collector.observer;

import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.topology.ClusterTopology;
import io.dockercanvas.proto.v1.Filter;
import java.util.List;
import java.util.function.Predicate;

/**
 * The Observer's allowlist and denylist applied to journeys read back from a file ({@code observe
 * --input-file}): parsed and matched exactly as GetJourneys does, but without a cluster topology,
 * so networks and services are matched by the names the journeys carry, not by id.
 */
public final class OfflineFilters {

  private OfflineFilters() {}

  /**
   * @throws InvalidRequestException naming the field of a value the collector would refuse
   */
  public static Predicate<Journey> of(List<Filter> allow, List<Filter> deny) {
    return FilterParser.parse(allow, deny, ClusterTopology.EMPTY).journeys();
  }
}
