package io.dockercanvas.collector.metrics;

import io.dockercanvas.collector.journey.Journey;

/**
 * The {@code verdict} and {@code class} labels of {@code canvas_journeys_total}. Journeys carry
 * neither yet: both say {@value #UNKNOWN} until the journey's verdict and traffic class exist, and
 * then these two methods return them (lower-case enum names, a handful of values each).
 */
public final class JourneyMetricLabels {

  public static final String UNKNOWN = "unknown";

  private JourneyMetricLabels() {}

  /** e.g. "delivered", "stopped"; {@value #UNKNOWN} while journeys have no verdict. */
  public static String verdict(Journey journey) {
    return UNKNOWN;
  }

  /** e.g. "data", "control", "dns"; {@value #UNKNOWN} while journeys have no traffic class. */
  public static String trafficClass(Journey journey) {
    return UNKNOWN;
  }
}
