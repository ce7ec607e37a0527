package io.dockercanvas.pipeline.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.proto.v1.IpvsRealServer;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The agent writes the contract with {@link IpvsMapper}, the collector reads it back with it. */
class IpvsMapperTest {

  // fwmark above 2^31: the contract's uint32 arrives as a negative int in Java
  static final Ipvs TABLE =
      new Ipvs(
          List.of(
              new Ipvs.Service(
                  "FWM",
                  "",
                  0,
                  0x8000_0100L,
                  "rr",
                  List.of(
                      new Ipvs.RealServer("10.0.0.6", 0, "Masq", 1, 2, 5),
                      new Ipvs.RealServer("10.0.0.7", 0, "Route", 3, 4, 6))),
              new Ipvs.Service("TCP", "10.0.1.2", 80, 0, "wrr", List.of())),
          List.of(
              new Ipvs.Connection(
                  "TCP", "172.17.0.1", 40000, "172.17.0.2", 8001, "10.0.0.6", 8001, "TIME_WAIT")),
          7);

  @Test
  void toProtoThenFromProto_theSameTable() {
    assertThat(IpvsMapper.fromProto(IpvsMapper.toProto(TABLE))).isEqualTo(TABLE);
  }

  @Test
  void toProto_eachFieldInItsContractField() {
    var message = IpvsMapper.toProto(TABLE);

    assertThat(message.getConnectionsOmitted()).isEqualTo(7);
    assertThat(Integer.toUnsignedLong(message.getServices(0).getFwmark())).isEqualTo(0x8000_0100L);
    assertThat(message.getServices(0).getRealServersList())
        .extracting(
            IpvsRealServer::getWeight,
            IpvsRealServer::getActiveConnections,
            IpvsRealServer::getInactiveConnections)
        .containsExactly(Tuple.tuple(1, 2, 5), Tuple.tuple(3, 4, 6));
    assertThat(message.getServices(1).getAddress()).isEqualTo("10.0.1.2");
    assertThat(message.getConnections(0).getDestinationAddress()).isEqualTo("10.0.0.6");
    assertThat(message.getConnections(0).getState()).isEqualTo("TIME_WAIT");
  }

  @Test
  void none_isAnEmptyMessage() {
    assertThat(IpvsMapper.toProto(Ipvs.NONE))
        .isEqualTo(io.dockercanvas.proto.v1.Ipvs.getDefaultInstance());
    assertThat(IpvsMapper.fromProto(io.dockercanvas.proto.v1.Ipvs.getDefaultInstance()))
        .isEqualTo(Ipvs.NONE);
  }

  @Test
  void serviceOf_byVirtualAddress_elseByTheChosenRealServer() {
    var toVip = new Ipvs.Connection("TCP", "10.0.1.9", 5000, "10.0.1.2", 80, "10.0.1.3", 80, "");
    var toMark =
        new Ipvs.Connection("TCP", "172.17.0.1", 1, "172.17.0.2", 8001, "10.0.0.7", 8001, "");
    var elsewhere = new Ipvs.Connection("TCP", "1.1.1.1", 1, "2.2.2.2", 2, "3.3.3.3", 3, "");

    assertThat(TABLE.serviceOf(toVip)).contains(TABLE.services().get(1));
    assertThat(TABLE.serviceOf(toMark)).contains(TABLE.services().get(0));
    assertThat(TABLE.serviceOf(elsewhere)).isEmpty();
  }
}
