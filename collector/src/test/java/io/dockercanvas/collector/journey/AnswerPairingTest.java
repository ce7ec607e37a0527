package io.dockercanvas.collector.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.JourneyVerdict.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerPairingTest {

  private static final long WINDOW = 1_000;
  private final List<Journey> out = new ArrayList<>();
  private final AnswerPairing pairing = new AnswerPairing(WINDOW, out::add);

  @Test
  void synThenSynAckThroughNat_requestHandedOnAnsweredJustBeforeItsReply() {
    pairing.expire(0);
    pairing.accept(journey(1, tcp("198.51.100.100", 36298, "198.51.100.12", 8001, 0x02)));
    assertThat(out).as("held until answered").isEmpty();
    // the SYN-ACK's first hop is behind the DNAT: its reversed tuple matches the SYN's second hop
    pairing.accept(journey(2, tcp("172.17.0.3", 80, "198.51.100.100", 36298, 0x12)));

    assertThat(out).extracting(Journey::id).containsExactly(1L, 2L);
    assertThat(out.get(0).verdict().answer()).isEqualTo(Answer.ANSWERED);
    assertThat(out.get(1).verdict().answer()).isEqualTo(Answer.NOT_A_REQUEST);
  }

  @Test
  void synWithoutReply_handedOnUnansweredOnceTheWindowHasPassed() {
    pairing.expire(0);
    pairing.accept(journey(1, tcp("10.0.1.6", 45488, "10.0.1.2", 80, 0x02)));
    pairing.accept(journey(2, tcp("10.0.1.6", 45490, "10.0.1.4", 3306, 0x10)));
    pairing.expire(WINDOW - 1);
    assertThat(out).extracting(Journey::id).containsExactly(2L);

    pairing.expire(WINDOW);

    assertThat(out).extracting(Journey::id).containsExactly(2L, 1L);
    assertThat(out.get(1).verdict().answer()).isEqualTo(Answer.UNANSWERED);
    assertThat(out.get(1).verdict().problem()).isTrue();
  }

  @Test
  void twoSynsOfOneConnectionHeld_theOldestIsAnsweredFirst_thenTheOther() {
    pairing.expire(0);
    pairing.accept(journey(1, tcp("10.0.1.6", 45488, "10.0.1.2", 80, 0x02)));
    pairing.accept(journey(2, tcp("10.0.1.6", 45488, "10.0.1.2", 80, 0x02)));

    pairing.accept(journey(3, tcp("10.0.1.2", 80, "10.0.1.6", 45488, 0x12)));
    assertThat(out).extracting(Journey::id).containsExactly(1L, 3L);
    pairing.accept(journey(4, tcp("10.0.1.2", 80, "10.0.1.6", 45488, 0x04)));

    assertThat(out).extracting(Journey::id).containsExactly(1L, 3L, 2L, 4L);
    assertThat(out.get(2).verdict().answer()).isEqualTo(Answer.ANSWERED);
    assertThat(pairing.held()).isZero();
  }

  @Test
  void manyHeldRequests_aReplyFindsOnlyItsOwn_andAnExpiredRequestIsNotAnsweredLater() {
    pairing.expire(0);
    for (int port = 40_000; port < 50_000; port++) {
      pairing.accept(journey(port, tcp("10.0.1.6", port, "10.0.1.2", 80, 0x02)));
    }
    pairing.accept(journey(1, tcp("10.0.1.2", 80, "10.0.1.6", 44_444, 0x12)));
    assertThat(out).extracting(Journey::id).containsExactly(44_444L, 1L);
    assertThat(pairing.held()).isEqualTo(9_999);

    pairing.expire(WINDOW);
    assertThat(pairing.held()).isZero();
    assertThat(out).hasSize(10_001);
    out.clear();
    pairing.accept(journey(2, tcp("10.0.1.2", 80, "10.0.1.6", 45_555, 0x12)));
    assertThat(out).extracting(Journey::id).containsExactly(2L);
  }

  @Test
  void beyondCapacity_theOldestGoesOnUnpaired_andAReplyNoLongerFindsIt() {
    pairing.expire(0);
    for (int i = 0; i <= AnswerPairing.CAPACITY; i++) {
      pairing.accept(
          journey(
              i + 1, tcp("10.0.1.6", i % 60_000 + 1, "10.0.%d.2".formatted(i / 60_000), 80, 0x02)));
    }
    assertThat(out).extracting(Journey::id).containsExactly(1L);
    assertThat(out.get(0).verdict().answer()).isEqualTo(Answer.NOT_A_REQUEST);

    pairing.accept(journey(0, tcp("10.0.0.2", 80, "10.0.1.6", 1, 0x12)));
    assertThat(out).extracting(Journey::id).containsExactly(1L, 0L);
    assertThat(pairing.held()).isEqualTo(AnswerPairing.CAPACITY);
  }

  private static Journey journey(long id, IpHeaders... perHop) {
    List<Hop> hops = new ArrayList<>();
    for (IpHeaders h : perHop) {
      hops.add(
          new Hop(
              new Observation("node2", "eth0", 0, id, h, null, null, 60, 1),
              List.of(),
              Hop.LATENCY_UNKNOWN));
    }
    if (perHop[0].srcPort() == 36298) {
      hops.add(
          new Hop(
              new Observation(
                  "node2",
                  "docker_gwbridge",
                  0,
                  id,
                  tcp("198.51.100.100", 36298, "172.17.0.3", 80, 0x02),
                  null,
                  null,
                  60,
                  1),
              List.of(),
              Hop.LATENCY_UNKNOWN));
    }
    return new Journey(id, id, hops, List.of(), List.of())
        .withVerdict(JourneyVerdict.delivered(new PathPoint("node2", "eth0")));
  }

  private static IpHeaders tcp(String src, int sport, String dst, int dport, int flags) {
    return new IpHeaders(src, dst, sport, dport, IpHeaders.TCP, 1, 64, flags);
  }
}
