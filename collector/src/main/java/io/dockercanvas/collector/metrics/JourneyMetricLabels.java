package io.dockercanvas.collector.metrics;

import io.dockercanvas.collector.journey.Journey;
import java.util.Locale;

/**
 * The {@code verdict} and {@code class} labels of {@code canvas_journeys_total}: lower-case enum
 * names, a handful of values each.
 */
public final class JourneyMetricLabels {

  public static final String UNJUDGED = "unjudged";

  private JourneyMetricLabels() {}

  /** "delivered", "stopped", "unknown"; {@value #UNJUDGED} for control-plane traffic. */
  public static String verdict(Journey journey) {
    return journey.judged().map(v -> v.state().name().toLowerCase(Locale.ROOT)).orElse(UNJUDGED);
  }

  /** "data", "control", "dns" or "overlay-control", as the page names them. */
  public static String trafficClass(Journey journey) {
    return journey.trafficClass().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
