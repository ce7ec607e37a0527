package io.dockercanvas.collector.journey;

import static io.dockercanvas.collector.journey.SwarmPackets.plain;
import static io.dockercanvas.collector.journey.SwarmPackets.synAck;
import static io.dockercanvas.collector.journey.SwarmPackets.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionDirectionsTest {

  private static final int ACK = 0x10;

  private final ConnectionDirections directions =
      new ConnectionDirections(ConnectionDirections.DEFAULT_CAPACITY);

  @Test
  void isReply_synThenAnswersAcrossTheNat_answersAreRepliesAndTheClientsNextSegmentIsNot() {
    List<Observation> syn =
        List.of(
            at("eth0", tcp("203.0.113.100", "203.0.113.11", 42478, 8001, 1, 64)),
            at("ingress_sbox/eth0", tcp("10.0.0.2", "10.0.0.108", 42478, 8001, 1, 62)));
    // seen on the task's side of the NAT only: matches the request's tuple there, reversed
    List<Observation> answer =
        List.of(at("web/eth0", flags(tcp("10.0.0.108", "10.0.0.2", 8001, 42478, 2, 64), ACK)));
    List<Observation> clientAck =
        List.of(at("eth0", flags(tcp("203.0.113.100", "203.0.113.11", 42478, 8001, 3, 64), ACK)));

    assertThat(directions.isReply(syn)).isFalse();
    assertThat(directions.isReply(answer)).isTrue();
    assertThat(directions.isReply(clientAck)).isFalse();
  }

  @Test
  void isReply_synAckBeforeAnyRequest_replyAndItTeachesTheDirection() {
    List<Observation> synAck =
        List.of(at("web/eth0", synAck(tcp("10.0.0.108", "10.0.0.2", 8001, 42478, 0, 64))));
    List<Observation> clientAck =
        List.of(at("web/eth0", flags(tcp("10.0.0.2", "10.0.0.108", 42478, 8001, 4, 62), ACK)));

    assertThat(directions.isReply(synAck)).isTrue();
    assertThat(directions.isReply(clientAck)).isFalse();
  }

  @Test
  void isReply_noHandshake_firstSeenSetsTheDirectionAsConntrackDoes() {
    IpHeaders query = new IpHeaders("10.0.1.6", "10.0.1.4", 40000, 53, IpHeaders.UDP, 1, 64, 0);
    IpHeaders answer = new IpHeaders("10.0.1.4", "10.0.1.6", 53, 40000, IpHeaders.UDP, 2, 64, 0);

    assertThat(directions.isReply(List.of(at("client/eth0", query)))).isFalse();
    assertThat(directions.isReply(List.of(at("client/eth0", answer)))).isTrue();
    assertThat(new ConnectionDirections(10).isReply(List.of(at("client/eth0", answer)))).isFalse();
  }

  @Test
  void isReply_boundedMemory_forgottenRequestMakesTheReplyAFirstPacket() {
    ConnectionDirections small = new ConnectionDirections(2);
    IpHeaders request = flags(tcp("10.0.1.6", "10.0.1.2", 39170, 80, 1, 64), ACK);

    small.isReply(List.of(at("client/eth0", request)));
    small.isReply(
        List.of(at("client/eth0", flags(tcp("10.0.1.6", "10.0.1.2", 39178, 80, 1, 64), ACK))));
    small.isReply(
        List.of(at("client/eth0", flags(tcp("10.0.1.6", "10.0.1.2", 39180, 80, 1, 64), ACK))));

    assertThat(
            small.isReply(
                List.of(
                    at("client/eth0", flags(tcp("10.0.1.2", "10.0.1.6", 80, 39170, 2, 64), ACK)))))
        .isFalse();
  }

  private static Observation at(String point, IpHeaders headers) {
    return plain("node", point, 0, 1, headers);
  }

  private static IpHeaders flags(IpHeaders h, int flags) {
    return new IpHeaders(
        h.src(), h.dst(), h.srcPort(), h.dstPort(), h.protocol(), h.ipId(), h.ttl(), flags);
  }
}
