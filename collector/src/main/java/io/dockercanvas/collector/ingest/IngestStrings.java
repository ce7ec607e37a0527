package io.dockercanvas.collector.ingest;

import io.dockercanvas.collector.journey.ObservationPoint;
import java.util.HashMap;
import java.util.Map;

/**
 * What repeats in one agent's observations, kept once: each observation point parsed once (not at
 * every use), and addresses shared, so the stores hold one copy of each. Bounded; beyond the bound
 * a name is parsed (an address kept) per observation again. One per agent stream, which delivers
 * its messages one at a time: not thread-safe.
 */
final class IngestStrings {

  static final int MAX_ENTRIES = 4096;

  private final Map<String, ObservationPoint> points = new HashMap<>();
  private final Map<String, String> addresses = new HashMap<>();

  /** The parsed point; rejects a name that is not canonical. */
  ObservationPoint point(String name) {
    ObservationPoint point = points.get(name);
    if (point == null) {
      point = ObservationPoint.parse(name);
      if (points.size() < MAX_ENTRIES) {
        points.put(name, point);
      }
    }
    return point;
  }

  String address(String address) {
    String shared = addresses.get(address);
    if (shared != null) {
      return shared;
    }
    if (addresses.size() < MAX_ENTRIES) {
      addresses.put(address, address);
    }
    return address;
  }
}
