package io.dockercanvas.collector.journey;

import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER;
import static io.dockercanvas.collector.journey.SwarmPackets.plain;
import static io.dockercanvas.collector.journey.SwarmPackets.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JourneyStitcherTest {

  private static final long WINDOW = Duration.ofMillis(500).toNanos();
  private final List<Journey> journeys = new ArrayList<>();

  @Test
  void expire_windowNotOver_keepsPacketOpenThenClosesIt() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.withWindow(Duration.ofMillis(500)));
    stitcher.accept(observation(1, "eth0"), 0);
    stitcher.accept(observation(1, "docker_gwbridge"), WINDOW - 2);

    assertThat(stitcher.expire(WINDOW - 1)).isZero();
    assertThat(stitcher.expire(WINDOW)).isEqualTo(1);
    assertThat(journeys).singleElement().satisfies(j -> assertThat(j.hops()).hasSize(2));
    assertThat(stitcher.stats()).isEqualTo(new StitcherStats(2, 1, 0, 0, 0));
  }

  @Test
  void accept_sameFingerprintAfterWindow_startsANewJourney() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.withWindow(Duration.ofMillis(500)));
    stitcher.accept(observation(1, "eth0"), 0);
    stitcher.expire(WINDOW);
    stitcher.accept(observation(1, "eth0"), WINDOW + 1);
    stitcher.flush();

    assertThat(journeys).extracting(Journey::id).containsExactly(1L, 2L);
  }

  @Test
  void accept_moreOpenPacketsThanAllowed_oldestClosesEarlyAndNothingIsLost() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.defaults().withMaxOpenPackets(2));
    for (long fp = 1; fp <= 5; fp++) {
      stitcher.accept(observation(fp, "eth0"), fp);
    }

    assertThat(journeys).extracting(Journey::fingerprint).containsExactly(1L, 2L, 3L);
    assertThat(stitcher.stats().closedEarly()).isEqualTo(3);
    assertThat(stitcher.stats().open()).isEqualTo(2);
    stitcher.flush();
    assertThat(journeys).hasSize(5);
  }

  @Test
  void accept_moreObservationsThanAPacketMayHold_extraCountedAsDropped() {
    JourneyStitcher stitcher = stitcher(new StitcherConfig(WINDOW, 10, 3, false));
    for (int i = 0; i < 5; i++) {
      stitcher.accept(observation(9, "eth0"), i);
    }
    stitcher.flush();

    assertThat(journeys).singleElement().satisfies(j -> assertThat(j.hops()).hasSize(3));
    assertThat(stitcher.stats().observationsDropped()).isEqualTo(2);
  }

  @Test
  void accept_nonCanonicalPoint_rejectedWithThePointNamed() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.defaults());

    assertThatThrownBy(() -> stitcher.accept(observation(1, "web/"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'web/'");
    assertThat(stitcher.stats().observations()).isZero();
  }

  @Test
  void expire_progressive_sendsTheJourneySoFarFromItsFirstHopThenTheFinalOnly() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.withWindow(Duration.ofMillis(500)));
    List<Journey> updates = new ArrayList<>();
    stitcher.subscribeUpdates(updates::add);

    stitcher.accept(observation(1, "eth0"), 0);
    stitcher.expire(1);
    stitcher.expire(2); // nothing new: no second update
    stitcher.accept(observation(1, "docker_gwbridge"), 3);
    stitcher.expire(4);
    stitcher.expire(WINDOW);

    assertThat(updates)
        .extracting(j -> j.hops().size(), Journey::complete, Journey::id)
        .containsExactly(tuple(1, false, 1L), tuple(2, false, 1L));
    assertThat(journeys)
        .singleElement()
        .satisfies(j -> assertThat(j.complete()).isTrue())
        .satisfies(j -> assertThat(j.id()).isEqualTo(1L))
        .satisfies(j -> assertThat(j.hops()).hasSize(2));
  }

  @Test
  void accept_withoutUpdateListeners_assemblesNothingBeforeTheEnd() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.withWindow(Duration.ofMillis(500)));
    List<Journey> updates = new ArrayList<>();
    Runnable unsubscribe = stitcher.subscribeUpdates(updates::add);
    unsubscribe.run();

    stitcher.accept(observation(1, "eth0"), 0);
    stitcher.expire(1);

    assertThat(updates).isEmpty();
  }

  @Test
  void expire_progressiveAndAtTheEndOfItsExpectedPath_closesThenNotAtItsWindowsEnd() {
    List<Journey> updates = new ArrayList<>();
    JourneyStitcher stitcher =
        new JourneyStitcher(
            StitcherConfig.withWindow(Duration.ofMillis(500)),
            SwarmPackets.topology(),
            inPathOrder -> inPathOrder.size() == 2,
            journeys::add);
    stitcher.subscribeUpdates(updates::add);

    stitcher.accept(observation(1, "eth0"), 0);
    stitcher.expire(1);
    stitcher.accept(observation(1, "docker_gwbridge"), 2);
    stitcher.expire(3);

    // the form that reaches the path's end goes to the listeners too (the final one may wait in
    // the sink), then never another
    assertThat(updates)
        .extracting(j -> j.hops().size(), Journey::complete)
        .containsExactly(tuple(1, false), tuple(2, false));
    assertThat(journeys)
        .singleElement()
        .satisfies(j -> assertThat(j.hops()).hasSize(2))
        .satisfies(j -> assertThat(j.complete()).isTrue())
        .satisfies(j -> assertThat(j.id()).isEqualTo(updates.get(0).id()));
    assertThat(stitcher.stats()).isEqualTo(new StitcherStats(2, 1, 0, 0, 0));
    stitcher.expire(WINDOW * 2);
    assertThat(journeys).hasSize(1);
    assertThat(updates).hasSize(2);
  }

  /**
   * A request and its reply seen on one node reach their paths' ends in the same call: the sink
   * gets them in arrival order whatever their shards, so the answer pairing does not hold the
   * request a window for a reply that already passed (the outside client's SYN to a published port
   * reached the page 1 s late about every other time).
   */
  @Test
  void expire_twoPacketsReachTheirPathsEndInOneCall_sinkGetsThemInArrivalOrderAcrossShards() {
    JourneyStitcher stitcher =
        new JourneyStitcher(
            StitcherConfig.withWindow(Duration.ofMillis(500)).withMaxOpenPackets(8192),
            SwarmPackets.topology(),
            inPathOrder -> inPathOrder.size() == 2,
            journeys::add);
    stitcher.subscribeUpdates(j -> {});
    long first = (1L << 59) | 1; // the second of two shards
    long second = 2; // the first shard
    stitcher.accept(observation(first, "eth0"), 0);
    stitcher.accept(observation(second, "eth0"), 1);
    stitcher.accept(observation(first, "docker_gwbridge"), 2);
    stitcher.accept(observation(second, "docker_gwbridge"), 3);
    stitcher.expire(4);

    assertThat(journeys).extracting(Journey::fingerprint).containsExactly(first, second);
  }

  @Test
  void accept_manyPacketsFromSeveralThreads_everyObservationInExactlyOneJourney()
      throws InterruptedException {
    List<Journey> out = java.util.Collections.synchronizedList(new ArrayList<>());
    JourneyStitcher stitcher =
        new JourneyStitcher(StitcherConfig.defaults(), SwarmPackets.topology(), out::add);
    int threads = 4;
    int packets = 20_000;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int point = t;
      Thread worker =
          new Thread(
              () -> {
                for (long fp = 1; fp <= packets; fp++) {
                  // spread like the agents' hashes, so every shard is used
                  stitcher.accept(
                      observation(
                          fp * 0x9E3779B97F4A7C15L, point % 2 == 0 ? "eth0" : "docker_gwbridge"),
                      fp);
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    stitcher.flush();

    assertThat(out).hasSize(packets);
    assertThat(out).allSatisfy(j -> assertThat(j.hops()).hasSize(threads));
    assertThat(out).extracting(Journey::fingerprint).doesNotHaveDuplicates();
    assertThat(stitcher.stats())
        .isEqualTo(new StitcherStats((long) threads * packets, packets, 0, 0, 0));
  }

  @Test
  void expire_manyClosingAtOnce_builtOnEveryCoreButHandedOnInArrivalOrderWithTheirDirections() {
    // 150 connections, each a request then its reply (ACK only: the order alone tells them apart),
    // DNAT'ed between eth0 and docker_gwbridge: the reply's change must be named UN_DNAT
    List<List<Observation>> packets = new ArrayList<>();
    for (int k = 0; k < 150; k++) {
      int port = 40_000 + k;
      IpHeaders request = ack("203.0.113.100", port, "203.0.113.11", 8001);
      IpHeaders requestInside = ack("203.0.113.100", port, "172.18.0.3", 80);
      packets.add(
          List.of(
              plain(MANAGER, "eth0", 10, 2L * k + 1, request),
              plain(MANAGER, "docker_gwbridge", 20, 2L * k + 1, requestInside)));
      packets.add(
          List.of(
              plain(MANAGER, "docker_gwbridge", 30, 2L * k + 2, reversed(requestInside)),
              plain(MANAGER, "eth0", 40, 2L * k + 2, reversed(request))));
    }
    List<Journey> atOnce = new ArrayList<>();
    JourneyStitcher busy =
        new JourneyStitcher(
            StitcherConfig.withWindow(Duration.ofMillis(500)),
            SwarmPackets.topology(),
            atOnce::add);
    List<Journey> oneByOne = new ArrayList<>();
    JourneyStitcher quiet =
        new JourneyStitcher(
            StitcherConfig.withWindow(Duration.ofMillis(500)),
            SwarmPackets.topology(),
            oneByOne::add);
    for (int i = 0; i < packets.size(); i++) {
      for (Observation o : packets.get(i)) {
        busy.accept(o, i);
        quiet.accept(o, i);
      }
      assertThat(quiet.expire(WINDOW + i - 1)).isLessThanOrEqualTo(1);
    }
    assertThat(busy.expire(WINDOW + packets.size())).isEqualTo(packets.size());
    quiet.expire(WINDOW + packets.size());

    assertThat(atOnce).extracting(Journey::fingerprint).isSorted().hasSize(300);
    assertThat(atOnce).isEqualTo(oneByOne);
    assertThat(atOnce.get(1).hops().get(1).rewrites())
        .extracting(Rewrite::kind)
        .containsExactly(RewriteKind.UN_DNAT);
    assertThat(atOnce.get(298).hops().get(1).rewrites())
        .extracting(Rewrite::kind)
        .containsExactly(RewriteKind.DNAT);
  }

  @Test
  void overdue_howLongTheOldestOpenPacketOutlivedItsWindow_zeroOnceExpired() {
    JourneyStitcher stitcher = stitcher(StitcherConfig.withWindow(Duration.ofMillis(500)));
    assertThat(stitcher.overdueNs(WINDOW * 10)).isZero();
    stitcher.accept(observation(1, "eth0"), 100);
    stitcher.accept(observation(2, "eth0"), 200);

    assertThat(stitcher.overdueNs(WINDOW)).isZero();
    assertThat(stitcher.overdueNs(WINDOW + 150)).isEqualTo(50);
    stitcher.expire(WINDOW + 150);
    assertThat(stitcher.overdueNs(WINDOW + 250)).isEqualTo(50);
    stitcher.expire(WINDOW + 250);
    assertThat(stitcher.overdueNs(WINDOW * 10)).isZero();
  }

  private static IpHeaders ack(String src, int sport, String dst, int dport) {
    return new IpHeaders(src, dst, sport, dport, IpHeaders.TCP, 7, 64, 0x10);
  }

  private static IpHeaders reversed(IpHeaders h) {
    return new IpHeaders(
        h.dst(), h.src(), h.dstPort(), h.srcPort(), h.protocol(), h.ipId(), h.ttl(), h.tcpFlags());
  }

  private JourneyStitcher stitcher(StitcherConfig config) {
    return new JourneyStitcher(config, SwarmPackets.topology(), journeys::add);
  }

  private static Observation observation(long fingerprint, String point) {
    return plain(MANAGER, point, 0, fingerprint, tcp("203.0.113.100", "203.0.113.11", 1, 2, 3, 64));
  }
}
