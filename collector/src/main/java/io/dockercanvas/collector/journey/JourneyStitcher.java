package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Groups observations of the same packet (same fingerprint) from all nodes within a time window and
 * hands each group, stitched into a {@link Journey}, to a sink. Sources push observations with
 * their arrival time in the source's clock: the live ingest passes {@code System.nanoTime()}, a
 * file-fed replay passes capture times; both call {@link #expire} as their clock advances. Memory
 * is bounded: beyond {@link StitcherConfig#maxOpenPackets} the oldest group closes early, and a
 * group keeps at most {@link StitcherConfig#maxObservationsPerPacket}. Thread-safe; the sink is
 * called without locks held.
 */
public final class JourneyStitcher {

  private final StitcherConfig config;
  private final JourneyAssembler assembler;
  private final Consumer<Journey> sink;
  private final AtomicLong nextId = new AtomicLong(1);

  private final Object lock = new Object();
  private final LinkedHashMap<Long, OpenPacket> open = new LinkedHashMap<>();
  private long observations;
  private long journeys;
  private long closedEarly;
  private long observationsDropped;

  public JourneyStitcher(StitcherConfig config, PathTopology topology, Consumer<Journey> sink) {
    this.config = Objects.requireNonNull(config, "config");
    this.assembler =
        new JourneyAssembler(Objects.requireNonNull(topology, "topology"), config.sharedClock());
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /**
   * Adds one observation. Rejects an observation whose point name is not canonical (the caller
   * reports it).
   *
   * @param arrivalNs when it arrived, in the caller's clock (the same clock as {@link #expire})
   */
  public void accept(Observation observation, long arrivalNs) {
    ObservationPoint.parse(observation.point());
    OpenPacket evicted = null;
    synchronized (lock) {
      observations++;
      OpenPacket packet = open.get(observation.fingerprint());
      if (packet == null) {
        packet = new OpenPacket(observation.fingerprint(), arrivalNs);
        open.put(observation.fingerprint(), packet);
        if (open.size() > config.maxOpenPackets()) {
          evicted = removeOldest();
          closedEarly++;
        }
      }
      if (packet.observations.size() < config.maxObservationsPerPacket()) {
        packet.observations.add(observation);
      } else {
        observationsDropped++;
      }
    }
    if (evicted != null) {
      emit(List.of(evicted));
    }
  }

  /**
   * Closes every packet whose window has ended at {@code nowNs}; returns how many journeys it
   * emitted.
   */
  public int expire(long nowNs) {
    List<OpenPacket> due = new ArrayList<>();
    synchronized (lock) {
      Iterator<OpenPacket> it = open.values().iterator();
      while (it.hasNext()) {
        OpenPacket packet = it.next();
        // insertion order is arrival order, so the first packet still inside its window ends the
        // scan
        if (nowNs - packet.firstArrivalNs < config.windowNs()) {
          break;
        }
        it.remove();
        due.add(packet);
      }
    }
    emit(due);
    return due.size();
  }

  /** Closes every open packet now (end of a replay, shutdown). */
  public int flush() {
    List<OpenPacket> all;
    synchronized (lock) {
      all = new ArrayList<>(open.values());
      open.clear();
    }
    emit(all);
    return all.size();
  }

  public StitcherStats stats() {
    synchronized (lock) {
      return new StitcherStats(
          observations, journeys, closedEarly, observationsDropped, open.size());
    }
  }

  public StitcherConfig config() {
    return config;
  }

  private OpenPacket removeOldest() {
    Iterator<Map.Entry<Long, OpenPacket>> it = open.entrySet().iterator();
    OpenPacket oldest = it.next().getValue();
    it.remove();
    return oldest;
  }

  private void emit(List<OpenPacket> packets) {
    if (packets.isEmpty()) {
      return;
    }
    synchronized (lock) {
      journeys += packets.size();
    }
    for (OpenPacket packet : packets) {
      sink.accept(
          assembler.assemble(nextId.getAndIncrement(), packet.fingerprint, packet.observations));
    }
  }

  private static final class OpenPacket {
    final long fingerprint;
    final long firstArrivalNs;
    final List<Observation> observations = new ArrayList<>(8);

    OpenPacket(long fingerprint, long firstArrivalNs) {
      this.fingerprint = fingerprint;
      this.firstArrivalNs = firstArrivalNs;
    }
  }
}
