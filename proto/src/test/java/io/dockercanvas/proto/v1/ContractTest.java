package io.dockercanvas.proto.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What buf lint and buf breaking (BufChecksTest) cannot see: whether the generated code runs on the
 * protobuf runtime on the classpath, and enum numbers whose meaning is defined outside this
 * contract.
 */
class ContractTest {

  @Test
  void generatedCode_loadsWithThisProtobufRuntime() {
    // Generated classes check at class load that the runtime is not older than the protoc that made
    // them.
    List<FileDescriptor> files =
        List.of(
            TopologyProto.getDescriptor(),
            FlowProto.getDescriptor(),
            IngestProto.getDescriptor(),
            ObserverProto.getDescriptor());

    assertThat(files).extracting(FileDescriptor::getPackage).containsOnly("docker_canvas.v1");
  }

  @Test
  void protocolAndLinkType_numbers_matchTheWire() {
    // IANA protocol numbers and pcap LINKTYPE_* values: the code converts them without a table.
    assertThat(Protocol.PROTOCOL_ICMP_VALUE).isEqualTo(1);
    assertThat(Protocol.PROTOCOL_TCP_VALUE).isEqualTo(6);
    assertThat(Protocol.PROTOCOL_UDP_VALUE).isEqualTo(17);
    assertThat(Protocol.PROTOCOL_ICMPV6_VALUE).isEqualTo(58);
    assertThat(Protocol.PROTOCOL_SCTP_VALUE).isEqualTo(132);
    assertThat(LinkType.LINK_TYPE_ETHERNET_VALUE).isEqualTo(1);
    assertThat(LinkType.LINK_TYPE_RAW_VALUE).isEqualTo(101);
    assertThat(LinkType.LINK_TYPE_LINUX_SLL_VALUE).isEqualTo(113);
    assertThat(LinkType.LINK_TYPE_LINUX_SLL2_VALUE).isEqualTo(276);
    assertThat(TcpFlag.TCP_FLAG_SYN_VALUE | TcpFlag.TCP_FLAG_ACK_VALUE).isEqualTo(0x12);
  }
}
