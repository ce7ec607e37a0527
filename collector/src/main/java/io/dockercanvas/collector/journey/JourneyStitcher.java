package io.dockercanvas.collector.journey;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Groups observations of the same packet (same fingerprint) from all nodes and hands each group,
 * stitched into a {@link Journey}, to a sink. A group closes when its window ends: the window
 * bounds clock skew and batching between agents, not the latency. Sources push observations with
 * their arrival time in the source's clock: the live ingest passes {@code System.nanoTime()}, a
 * file-fed replay passes capture times; both call {@link #expire} as their clock advances.
 *
 * <p>Progressive journeys: listeners of {@link #subscribeUpdates} get each open group as a journey
 * with {@code complete = false} from its first observation on, again whenever hops were added (also
 * the form that reaches its path's end), at most once per {@link #expire} call (the live ticker's
 * 10 ms); the final journey (same id) goes to the sink, never followed by an update. While someone
 * listens, a group whose hops so far reach the last point of its expected path ({@link PathEnd})
 * closes at that call instead of at its window's end: the check needs the hops in path order, which
 * only the update's assembly gives cheaply; with nobody watching live, nobody waits for it either.
 *
 * <p>Scales with cores: open groups live in shards by fingerprint, each with its own lock and a
 * primitive-keyed table; accepting an observation allocates nothing but a new group's entry. Memory
 * is bounded: beyond {@link StitcherConfig#maxOpenPackets} (split evenly over the shards) the
 * oldest group of the shard closes early, and a group keeps at most {@link
 * StitcherConfig#maxObservationsPerPacket}. Thread-safe; the sink is called without locks held.
 */
public final class JourneyStitcher {

  /** Open packets per shard below which another shard is not worth it (small bounds stay exact). */
  private static final int MIN_PER_SHARD = 4096;

  private static final int MAX_SHARDS = 16;

  /** Journeys closing in one call from which building them is spread over the cores. */
  private static final int PARALLEL_FROM = 64;

  private static final Comparator<OpenPacket> ARRIVAL_ORDER =
      Comparator.comparingLong((OpenPacket p) -> p.firstArrivalNs).thenComparingLong(p -> p.id);

  private final StitcherConfig config;
  private final JourneyAssembler assembler;
  private final PathEnd pathEnd;
  private final Consumer<Journey> sink;
  private final List<Consumer<Journey>> updateListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final Shard[] shards;

  public JourneyStitcher(StitcherConfig config, PathTopology topology, Consumer<Journey> sink) {
    this(config, topology, PathEnd.unknown(), sink);
  }

  public JourneyStitcher(
      StitcherConfig config, PathTopology topology, PathEnd pathEnd, Consumer<Journey> sink) {
    this.config = Objects.requireNonNull(config, "config");
    this.assembler =
        new JourneyAssembler(Objects.requireNonNull(topology, "topology"), config.sharedClock());
    this.pathEnd = Objects.requireNonNull(pathEnd, "pathEnd");
    this.sink = Objects.requireNonNull(sink, "sink");
    int count =
        Integer.highestOneBit(
            Math.max(1, Math.min(MAX_SHARDS, config.maxOpenPackets() / MIN_PER_SHARD)));
    this.shards = new Shard[count];
    for (int i = 0; i < count; i++) {
      // the bound, split: the first shards take the remainder so the total is exact
      int bound = config.maxOpenPackets() / count + (i < config.maxOpenPackets() % count ? 1 : 0);
      shards[i] = new Shard(bound);
    }
  }

  /**
   * Adds one observation.
   *
   * @param arrivalNs when it arrived, in the caller's clock (the same clock as {@link #expire})
   */
  public void accept(Observation observation, long arrivalNs) {
    long fingerprint = observation.fingerprint();
    Shard shard = shards[shardOf(fingerprint)];
    OpenPacket evicted = null;
    boolean progressive = !updateListeners.isEmpty();
    synchronized (shard) {
      shard.observations++;
      OpenPacket packet = shard.open.get(fingerprint);
      if (packet == null) {
        packet = new OpenPacket(nextId.getAndIncrement(), fingerprint, arrivalNs);
        shard.open.put(fingerprint, packet);
        shard.arrivals.add(packet);
        if (shard.open.size() > shard.maxOpen) {
          evicted = shard.closeOldest();
          shard.closedEarly++;
        }
      }
      if (packet.count() < config.maxObservationsPerPacket()) {
        packet.add(observation);
        if (progressive && !packet.changed) {
          packet.changed = true;
          shard.changed.add(packet);
        }
      } else {
        shard.observationsDropped++;
      }
    }
    if (evicted != null) {
      emit(evicted);
    }
  }

  /**
   * Closes every packet whose window has ended at {@code nowNs}, then sends the progressive updates
   * of packets still open that changed since the last call; returns how many journeys it closed.
   */
  public int expire(long nowNs) {
    List<OpenPacket> due = new ArrayList<>();
    for (Shard shard : shards) {
      synchronized (shard) {
        OpenPacket packet;
        // arrival order within a shard, so the first packet still inside its window ends the scan
        while ((packet = shard.arrivals.peek()) != null
            && (packet.closed || nowNs - packet.firstArrivalNs >= config.windowNs())) {
          shard.arrivals.poll();
          if (!packet.closed) {
            shard.close(packet);
            due.add(packet);
          }
        }
      }
    }
    emitInArrivalOrder(due);
    publishUpdates();
    return due.size();
  }

  /** Closes every open packet now (end of a replay, shutdown). */
  public int flush() {
    List<OpenPacket> all = new ArrayList<>();
    for (Shard shard : shards) {
      synchronized (shard) {
        for (OpenPacket packet : shard.arrivals) {
          if (!packet.closed) {
            shard.close(packet);
            all.add(packet);
          }
        }
        shard.arrivals.clear();
        shard.changed.clear();
      }
    }
    emitInArrivalOrder(all);
    return all.size();
  }

  /**
   * Registers a listener for progressive journeys (called on the thread of {@link #expire}, must
   * not block); returns the action that removes it. Without listeners no update is assembled.
   */
  public Runnable subscribeUpdates(Consumer<Journey> listener) {
    updateListeners.add(listener);
    return () -> updateListeners.remove(listener);
  }

  /**
   * How far closing windows lags behind at {@code nowNs}: how long the oldest open packet has been
   * open beyond its window (0 when none is). Live ingest waits while this is large, so a collector
   * that cannot keep up slows its agents down (who count and report what they then drop) instead of
   * piling packets up in memory.
   */
  public long overdueNs(long nowNs) {
    long oldest = Long.MAX_VALUE;
    for (Shard shard : shards) {
      synchronized (shard) {
        for (OpenPacket packet : shard.arrivals) {
          if (!packet.closed) {
            oldest = Math.min(oldest, packet.firstArrivalNs);
            break;
          }
        }
      }
    }
    return oldest == Long.MAX_VALUE ? 0 : Math.max(0, nowNs - oldest - config.windowNs());
  }

  public StitcherStats stats() {
    long observations = 0;
    long journeys = 0;
    long closedEarly = 0;
    long dropped = 0;
    int open = 0;
    for (Shard shard : shards) {
      synchronized (shard) {
        observations += shard.observations;
        journeys += shard.journeys;
        closedEarly += shard.closedEarly;
        dropped += shard.observationsDropped;
        open += shard.open.size();
      }
    }
    return new StitcherStats(observations, journeys, closedEarly, dropped, open);
  }

  public StitcherConfig config() {
    return config;
  }

  private int shardOf(long fingerprint) {
    // fingerprints are hashes already; the high bits, so the table (low bits) stays spread
    return (int) (fingerprint >>> 59) & (shards.length - 1);
  }

  private void emitInArrivalOrder(List<OpenPacket> packets) {
    // shards interleave: a reply must come after its request for its direction to be known
    packets.sort(ARRIVAL_ORDER);
    if (packets.size() < PARALLEL_FROM) {
      for (OpenPacket packet : packets) {
        emit(packet);
      }
      return;
    }
    // Many at once (a busy window): directions in arrival order, the journeys built on every core
    // (the expensive part, and independent), then handed on in arrival order again.
    int n = packets.size();
    List<List<Observation>> observations = new ArrayList<>(n);
    boolean[] reply = new boolean[n];
    for (int i = 0; i < n; i++) {
      observations.add(packets.get(i).soFar());
      reply[i] = assembler.isReply(observations.get(i));
    }
    Journey[] journeys = new Journey[n];
    AssemblyPool.POOL
        .submit(
            () ->
                IntStream.range(0, n)
                    .parallel()
                    .forEach(
                        i -> {
                          OpenPacket p = packets.get(i);
                          journeys[i] =
                              assembler.assemble(
                                  p.id, p.fingerprint, observations.get(i), true, reply[i]);
                        }))
        .join();
    for (int i = 0; i < n; i++) {
      sink.accept(journeys[i]);
      packets.get(i).release();
    }
  }

  /** The threads that build journeys when many close at once: one per core, made on first use. */
  private static final class AssemblyPool {
    static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
  }

  /** Hands a closed packet's journey to the sink; nobody else touches a closed packet. */
  private void emit(OpenPacket packet) {
    sink.accept(assembler.assemble(packet.id, packet.fingerprint, packet.soFar(), true));
    packet.release(); // it may wait in its shard's arrival queue for a while yet
  }

  private void publishUpdates() {
    if (updateListeners.isEmpty()) {
      return;
    }
    List<Ended> ended = new ArrayList<>();
    for (Shard shard : shards) {
      List<OpenPacket> changed;
      List<List<Observation>> snapshots;
      synchronized (shard) {
        if (shard.changed.isEmpty()) {
          continue;
        }
        changed = new ArrayList<>(shard.changed);
        snapshots = new ArrayList<>(changed.size());
        for (OpenPacket packet : changed) {
          packet.changed = false;
          snapshots.add(packet.closed ? List.of() : packet.snapshot());
        }
        shard.changed.clear();
      }
      List<Journey> updates = new ArrayList<>(changed.size());
      for (int i = 0; i < changed.size(); i++) {
        OpenPacket packet = changed.get(i);
        List<Observation> soFar = snapshots.get(i);
        updates.add(
            soFar.isEmpty()
                ? null
                : assembler.assemble(packet.id, packet.fingerprint, soFar, false));
      }
      // under the lock again: a packet that closed meanwhile has had its final journey, which an
      // update must not follow
      synchronized (shard) {
        for (int i = 0; i < changed.size(); i++) {
          Journey update = updates.get(i);
          OpenPacket packet = changed.get(i);
          if (update == null || packet.closed) {
            continue;
          }
          if (packet.count() == update.hops().size() && pathEnd.reached(observations(update))) {
            shard.close(packet);
            ended.add(new Ended(packet, update.asComplete()));
          }
          // also at its path's end: the final form may wait in the sink (a request for its reply,
          // up to a window), the live page shows the packet now
          updateListeners.forEach(l -> l.accept(update));
        }
      }
    }
    // as at a window's end, in arrival order over all shards: a request and its reply that reach
    // their path's ends in one call (both on one node) go on request first, or the answer pairing
    // would hold the request a whole window for a reply that already passed
    ended.sort(Comparator.comparing(Ended::packet, ARRIVAL_ORDER));
    for (Ended e : ended) {
      sink.accept(e.journey());
    }
  }

  /** A packet closed at its path's end and its final journey. */
  private record Ended(OpenPacket packet, Journey journey) {}

  private static List<Observation> observations(Journey journey) {
    List<Observation> inPathOrder = new ArrayList<>(journey.hops().size());
    journey.hops().forEach(h -> inPathOrder.add(h.observation()));
    return inPathOrder;
  }

  /** One lock's worth of open packets. */
  private static final class Shard {
    final int maxOpen;
    final OpenPacketTable open;

    /** Open packets in arrival order; closed ones are skipped when they reach the head. */
    final ArrayDeque<OpenPacket> arrivals = new ArrayDeque<>();

    final List<OpenPacket> changed = new ArrayList<>();
    long observations;
    long journeys;
    long closedEarly;
    long observationsDropped;

    Shard(int maxOpen) {
      this.maxOpen = maxOpen;
      this.open = new OpenPacketTable(maxOpen + 1);
    }

    void close(OpenPacket packet) {
      packet.closed = true;
      open.remove(packet.fingerprint);
      journeys++;
    }

    OpenPacket closeOldest() {
      OpenPacket oldest;
      do {
        oldest = arrivals.poll(); // packets closed at their path's end only waited for their turn
      } while (oldest.closed);
      close(oldest);
      return oldest;
    }
  }
}
