package io.dockercanvas.collector.metrics;

import io.dockercanvas.collector.journey.Journey;
import java.util.Locale;

/**
 * The {@code verdict} and {@code class} labels of {@code canvas_journeys_total}: lower-case enum
 * names, a handful of values each. The traffic class is not on journeys yet: it says {@value
 * #UNKNOWN} until it is.
 */
public final class JourneyMetricLabels {

  public static final String UNKNOWN = "unknown";
  public static final String UNJUDGED = "unjudged";

  private JourneyMetricLabels() {}

  /** "delivered", "stopped", "unknown"; {@value #UNJUDGED} for control-plane traffic. */
  public static String verdict(Journey journey) {
    return journey.judged().map(v -> v.state().name().toLowerCase(Locale.ROOT)).orElse(UNJUDGED);
  }

  /** e.g. "data", "control", "dns"; {@value #UNKNOWN} while journeys have no traffic class. */
  public static String trafficClass(Journey journey) {
    return UNKNOWN;
  }
}
