package io.dockercanvas.pipeline.flow;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_ARP;
import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_FIN;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_SYN;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ip;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.decode.LinkType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTableTest {

  private static final String CLIENT_MAC = "02:42:0a:00:01:03";
  private static final String TASK_MAC = "02:42:0a:00:01:04";
  private static final int TCP_RST = 0x04;
  private static final long SECOND = 1_000_000_000L;

  private final FrameDecoder decoder = new FrameDecoder();
  private final FlowTable table = new FlowTable(4, Duration.ofSeconds(30));

  private DecodedFrame decoded(byte[] frame) {
    DecodedFrame f = new DecodedFrame();
    decoder.decode(frame, 0, frame.length, frame.length, LinkType.ETHERNET, f);
    return f;
  }

  private static byte[] tcp(int sourcePort, int flags) {
    return ethernet(
        CLIENT_MAC,
        TASK_MAC,
        ETHERTYPE_IPV4,
        ipv4Tcp("10.0.1.3", "10.0.1.4", 1, 64, sourcePort, 80, 1000, 0, flags, new byte[10]));
  }

  private List<FlowSummary> flush(long now) {
    List<FlowSummary> reported = new ArrayList<>();
    table.flush(now, reported::add);
    return reported;
  }

  @Test
  void update_packetsOfOneFlow_countsPacketsBytesFirstLastSeenAndFlags() {
    table.update(decoded(tcp(40000, TCP_SYN)), 74, 5 * SECOND);
    table.update(decoded(tcp(40000, TCP_ACK)), 66, 6 * SECOND);
    table.update(decoded(tcp(40000, TCP_ACK)), 1500, 7 * SECOND);

    List<FlowSummary> reported = flush(7 * SECOND);

    assertThat(table.size()).isEqualTo(1);
    assertThat(reported)
        .singleElement()
        .satisfies(
            flow -> {
              assertThat(flow.ipVersion()).isEqualTo(4);
              assertThat(flow.source()).isEqualTo(ip("10.0.1.3"));
              assertThat(flow.destination()).isEqualTo(ip("10.0.1.4"));
              assertThat(flow.sourcePort()).isEqualTo(40000);
              assertThat(flow.destinationPort()).isEqualTo(80);
              assertThat(flow.protocol()).isEqualTo(6);
              assertThat(flow.vni()).isZero();
              assertThat(flow.outerSource()).isEmpty();
              assertThat(flow.packets()).isEqualTo(3);
              assertThat(flow.bytes()).isEqualTo(74 + 66 + 1500);
              assertThat(flow.firstSeenNanos()).isEqualTo(5 * SECOND);
              assertThat(flow.lastSeenNanos()).isEqualTo(7 * SECOND);
              assertThat(flow.tcpFlagsSeen()).isEqualTo(TCP_SYN | TCP_ACK);
              assertThat(flow.ended()).isFalse();
            });
  }

  @Test
  void update_differentPortsOrDirection_areDifferentFlows() {
    table.update(decoded(tcp(40000, TCP_ACK)), 60, 0);
    table.update(decoded(tcp(40001, TCP_ACK)), 60, 0);
    table.update(
        decoded(
            ethernet(
                TASK_MAC,
                CLIENT_MAC,
                ETHERTYPE_IPV4,
                ipv4Tcp("10.0.1.4", "10.0.1.3", 1, 64, 80, 40000, 1, 0, TCP_ACK, new byte[0]))),
        60,
        0);

    assertThat(table.size()).isEqualTo(3);
    assertThat(flush(0)).extracting(FlowSummary::packets).containsOnly(1L);
  }

  @Test
  void update_vxlanFrames_keyedByVniAndVtepsAndReportedWithThem() {
    byte[] inner =
        ethernet(
            CLIENT_MAC,
            TASK_MAC,
            ETHERTYPE_IPV4,
            ipv4Udp("10.0.1.3", "10.0.1.4", 1, 64, 5000, 53, new byte[8]));
    table.update(decoded(vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4097, inner)), 120, 0);
    table.update(decoded(vxlanFrame("203.0.113.11", "203.0.113.12", 40000, 4097, inner)), 120, 0);
    table.update(decoded(vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4098, inner)), 120, 0);

    List<FlowSummary> reported = flush(0);

    assertThat(reported).hasSize(2);
    assertThat(reported).extracting(FlowSummary::vni).containsExactlyInAnyOrder(4097, 4098);
    FlowSummary first = reported.stream().filter(f -> f.vni() == 4097).findFirst().orElseThrow();
    assertThat(first.packets()).as("the outer source port does not split a flow").isEqualTo(2);
    assertThat(first.source()).isEqualTo(ip("10.0.1.3"));
    assertThat(first.destinationPort()).isEqualTo(53);
    assertThat(first.protocol()).isEqualTo(17);
    assertThat(first.outerSource()).isEqualTo(ip("203.0.113.11"));
    assertThat(first.outerDestination()).isEqualTo(ip("203.0.113.12"));
  }

  @Test
  void update_frameWithoutIp_isIgnored() {
    table.update(decoded(ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_ARP, new byte[28])), 60, 0);

    assertThat(table.size()).isZero();
    assertThat(flush(0)).isEmpty();
  }

  @Test
  void flush_unchangedFlow_isNotReportedAgain() {
    table.update(decoded(tcp(40000, TCP_ACK)), 60, 0);
    assertThat(flush(SECOND)).hasSize(1);

    assertThat(flush(2 * SECOND)).isEmpty();

    table.update(decoded(tcp(40000, TCP_ACK)), 60, 3 * SECOND);
    assertThat(flush(3 * SECOND)).singleElement().extracting(FlowSummary::packets).isEqualTo(2L);
  }

  @Test
  void flush_idleFor30Seconds_endsTheFlowOnce() {
    table.update(decoded(tcp(40000, TCP_ACK)), 60, 10 * SECOND);
    flush(10 * SECOND);

    assertThat(flush(40 * SECOND - 1)).as("idle just under 30 s").isEmpty();
    assertThat(flush(40 * SECOND))
        .singleElement()
        .satisfies(
            flow -> {
              assertThat(flow.ended()).isTrue();
              assertThat(flow.packets()).isEqualTo(1);
            });
    assertThat(table.size()).isZero();
    assertThat(flush(100 * SECOND)).isEmpty();
  }

  @Test
  void flush_afterFin_endsTheFlowWhenQuietFor2Seconds() {
    table.update(decoded(tcp(40000, TCP_FIN | TCP_ACK)), 60, 10 * SECOND);
    assertThat(flush(10 * SECOND)).singleElement().extracting(FlowSummary::ended).isEqualTo(false);

    assertThat(flush(12 * SECOND - 1)).isEmpty();
    assertThat(flush(12 * SECOND)).singleElement().extracting(FlowSummary::ended).isEqualTo(true);
    assertThat(table.size()).isZero();
  }

  @Test
  void flush_afterRst_endsTheFlowWhenQuietFor2Seconds() {
    table.update(decoded(tcp(40000, TCP_RST)), 60, 0);
    flush(0);

    assertThat(flush(2 * SECOND)).singleElement().extracting(FlowSummary::ended).isEqualTo(true);
  }

  @Test
  void update_tableFull_countsNewFlowsAsUntrackedAndKeepsCountingTrackedOnes() {
    for (int port = 1; port <= 6; port++) {
      table.update(decoded(tcp(port, TCP_ACK)), 60, 0);
    }
    table.update(decoded(tcp(1, TCP_ACK)), 60, 0);

    assertThat(table.size()).isEqualTo(4);
    assertThat(table.untracked()).isEqualTo(2);
    assertThat(flush(0))
        .filteredOn(f -> f.sourcePort() == 1)
        .singleElement()
        .extracting(FlowSummary::packets)
        .isEqualTo(2L);
  }

  @Test
  void update_afterExpiryFreedSlots_tracksNewFlowsAndStillFindsOldOnes() {
    table.update(decoded(tcp(1, TCP_RST)), 60, 0);
    table.update(decoded(tcp(2, TCP_ACK)), 60, 0);
    table.update(decoded(tcp(3, TCP_ACK)), 60, 0);
    table.update(decoded(tcp(4, TCP_ACK)), 60, 0);
    flush(3 * SECOND); // ends flow 1 (closed), keeps 2..4

    table.update(decoded(tcp(5, TCP_ACK)), 60, 4 * SECOND);
    table.update(decoded(tcp(3, TCP_ACK)), 60, 4 * SECOND);

    assertThat(table.size()).isEqualTo(4);
    assertThat(table.untracked()).isZero();
    List<FlowSummary> reported = flush(4 * SECOND);
    assertThat(reported).extracting(FlowSummary::sourcePort).containsExactlyInAnyOrder(3, 5);
    assertThat(reported)
        .filteredOn(f -> f.sourcePort() == 3)
        .singleElement()
        .extracting(FlowSummary::packets)
        .isEqualTo(2L);
  }

  @Test
  void update_manyPacketsOverManyFlows_allocatesNothingPerPacket() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    FlowTable big = new FlowTable(2048, Duration.ofSeconds(30));
    DecodedFrame[] frames = new DecodedFrame[1000];
    for (int i = 0; i < frames.length; i++) {
      frames[i] =
          decoded(
              i % 2 == 0
                  ? tcp(10000 + i, TCP_ACK)
                  : vxlanFrame(
                      "203.0.113.11", "203.0.113.12", 34633, 4097, tcp(10000 + i, TCP_ACK)));
    }
    for (int i = 0; i < 50_000; i++) { // warm up: every flow inserted, code compiled
      big.update(frames[i % frames.length], 100, i);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 200_000; i++) {
      big.update(frames[i % frames.length], 100, i);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(big.size()).isEqualTo(1000);
    assertThat(allocated).as("bytes allocated for 200000 packets").isLessThan(10_000);
  }

  @Test
  void update_moreFlowsThanItStartsWith_growsToMaxFlowsKeepingEveryCount() {
    int max = FlowTable.INITIAL_SLOTS * 4 + 3;
    FlowTable growing = new FlowTable(max, Duration.ofSeconds(30));
    for (int round = 0; round < 2; round++) {
      for (int port = 1; port <= max + 5; port++) {
        growing.update(decoded(tcp(port, TCP_ACK)), 60, round);
      }
    }

    assertThat(growing.size()).isEqualTo(max);
    assertThat(growing.untracked()).isEqualTo(10);
    List<FlowSummary> reported = new ArrayList<>();
    growing.flush(1, reported::add);
    assertThat(reported).hasSize(max).allSatisfy(f -> assertThat(f.packets()).isEqualTo(2L));
    assertThat(reported)
        .extracting(FlowSummary::sourcePort)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.rangeClosed(1, max).boxed().toList());
  }
}
