package io.dockercanvas.collector.journey;

/**
 * Counters since start.
 *
 * @param closedEarly packets closed before their window ended because too many were open
 * @param observationsDropped observations beyond a packet's bound, not part of any journey
 */
public record StitcherStats(
    long observations, long journeys, long closedEarly, long observationsDropped, int open) {}
