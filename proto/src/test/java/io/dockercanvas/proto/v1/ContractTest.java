package io.dockercanvas.proto.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServiceDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The v1 contract loads with this protobuf runtime (generated code checks its runtime version when
 * a class loads), survives binary and JSON round trips, keeps the naming rules, and exposes the
 * gRPC methods the agent, collector and clients are written against.
 */
class ContractTest {

  private static final List<FileDescriptor> CONTRACT_FILES = List.of(
      TopologyProto.getDescriptor(), FlowProto.getDescriptor(), IngestProto.getDescriptor(), ObserverProto.getDescriptor());

  static Stream<Message> samples() {
    return Stream.of(ContractSamples.all(), StreamSamples.agentMessages(), StreamSamples.collectorMessages(),
            StreamSamples.observerMessages())
        .flatMap(List::stream);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void binaryRoundTrip_sample_isLossless(Message sample) throws InvalidProtocolBufferException {
    Message parsed = sample.getParserForType().parseFrom(sample.toByteArray());

    assertThat(parsed).isEqualTo(sample);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void jsonRoundTrip_sample_isLosslessWithEitherFieldNaming(Message sample) throws InvalidProtocolBufferException {
    for (JsonFormat.Printer printer : List.of(JsonFormat.printer(), JsonFormat.printer().preservingProtoFieldNames())) {
      Message.Builder parsed = sample.newBuilderForType();
      JsonFormat.parser().merge(printer.print(sample), parsed);

      assertThat(parsed.build()).isEqualTo(sample);
    }
  }

  @Test
  void samples_everyContractField_isSetInSomeSample() {
    Set<String> setFields = new HashSet<>();
    samples().forEach(sample -> collectSetFields(sample, setFields));

    List<String> neverSet = contractMessages()
        .flatMap(message -> message.getFields().stream())
        .map(FieldDescriptor::getFullName)
        .filter(name -> !setFields.contains(name))
        .toList();
    assertThat(neverSet).as("fields no sample sets, so no round trip covers them").isEmpty();
  }

  @Test
  void jsonPrinter_protoFieldNames_printsSnakeCaseEnumNamesAndUnsignedFingerprint() throws Exception {
    String json = JsonFormat.printer().preservingProtoFieldNames().print(ContractSamples.journey());

    assertThat(json)
        .contains("\"interface_name\": \"eth0\"")
        .contains("\"kind\": \"REWRITE_KIND_ENCAP\"")
        .contains("\"fingerprint\": \"" + Long.toUnsignedString(ContractSamples.FINGERPRINT) + "\"")
        .contains("\"since_previous\": \"0.000080s\"");
  }

  @Test
  void protocolAndLinkType_numbers_matchTheWire() {
    assertThat(Protocol.PROTOCOL_ICMP_VALUE).isEqualTo(1);
    assertThat(Protocol.PROTOCOL_TCP_VALUE).isEqualTo(6);
    assertThat(Protocol.PROTOCOL_UDP_VALUE).isEqualTo(17);
    assertThat(Protocol.PROTOCOL_ICMPV6_VALUE).isEqualTo(58);
    assertThat(LinkType.LINK_TYPE_ETHERNET_VALUE).isEqualTo(1);
    assertThat(LinkType.LINK_TYPE_LINUX_SLL_VALUE).isEqualTo(113);
    assertThat(LinkType.LINK_TYPE_LINUX_SLL2_VALUE).isEqualTo(276);
    assertThat(TcpFlag.TCP_FLAG_SYN_VALUE | TcpFlag.TCP_FLAG_ACK_VALUE).isEqualTo(0x12);
  }

  @Test
  void protocol_numberWithoutEnumName_survivesBinaryAndJson() throws Exception {
    FlowRecord gre = FlowRecord.newBuilder().setProtocolValue(47).build();

    FlowRecord fromBinary = FlowRecord.parseFrom(gre.toByteArray());
    FlowRecord.Builder fromJson = FlowRecord.newBuilder();
    JsonFormat.parser().merge(JsonFormat.printer().print(gre), fromJson);

    assertThat(fromBinary.getProtocolValue()).isEqualTo(47);
    assertThat(fromJson.getProtocolValue()).isEqualTo(47);
  }

  @Test
  void enums_everyValue_isPrefixedWithEnumNameAndZeroIsUnspecified() {
    for (EnumDescriptor enumType : contractEnums()) {
      String prefix = upperSnake(enumType.getName()) + "_";

      assertThat(enumType.findValueByNumber(0).getName()).isEqualTo(prefix + "UNSPECIFIED");
      assertThat(enumType.getValues()).extracting(EnumValueDescriptor::getName).allMatch(name -> name.startsWith(prefix));
    }
  }

  @Test
  void fields_everyName_isLowerSnakeCase() {
    List<String> badNames = contractMessages()
        .flatMap(message -> message.getFields().stream())
        .map(FieldDescriptor::getName)
        .filter(name -> !name.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"))
        .toList();

    assertThat(badNames).isEmpty();
  }

  @Test
  void observerService_methods_haveExpectedTypesAndStreamingKinds() {
    ServiceDescriptor service = ObserverGrpc.getServiceDescriptor();

    assertThat(service.getName()).isEqualTo("docker_canvas.v1.Observer");
    assertThat(streamingKinds(service)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "docker_canvas.v1.Observer/GetFlows", MethodType.SERVER_STREAMING,
        "docker_canvas.v1.Observer/GetJourneys", MethodType.SERVER_STREAMING,
        "docker_canvas.v1.Observer/GetTopology", MethodType.UNARY,
        "docker_canvas.v1.Observer/ServerStatus", MethodType.UNARY));
    assertMessageTypes(ObserverGrpc.getGetFlowsMethod(), GetFlowsRequest.class, GetFlowsResponse.class);
    assertMessageTypes(ObserverGrpc.getGetJourneysMethod(), GetJourneysRequest.class, GetJourneysResponse.class);
    assertMessageTypes(ObserverGrpc.getGetTopologyMethod(), GetTopologyRequest.class, GetTopologyResponse.class);
    assertMessageTypes(ObserverGrpc.getServerStatusMethod(), ServerStatusRequest.class, ServerStatusResponse.class);
  }

  @Test
  void ingestService_connect_isBidiStreamOfAgentAndCollectorMessages() {
    ServiceDescriptor service = IngestGrpc.getServiceDescriptor();

    assertThat(streamingKinds(service))
        .containsExactlyEntriesOf(Map.of("docker_canvas.v1.Ingest/Connect", MethodType.BIDI_STREAMING));
    assertMessageTypes(IngestGrpc.getConnectMethod(), AgentMessage.class, CollectorMessage.class);
  }

  private static Map<String, MethodType> streamingKinds(ServiceDescriptor service) {
    return service.getMethods().stream()
        .collect(Collectors.toMap(MethodDescriptor::getFullMethodName, MethodDescriptor::getType, (a, b) -> a, TreeMap::new));
  }

  private static void assertMessageTypes(MethodDescriptor<?, ?> method, Class<?> request, Class<?> response) {
    assertThat(((PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype()).isInstanceOf(request);
    assertThat(((PrototypeMarshaller<?>) method.getResponseMarshaller()).getMessagePrototype()).isInstanceOf(response);
  }

  /** Records every field set anywhere in the message tree, descending only into contract messages. */
  private static void collectSetFields(Message message, Set<String> into) {
    message.getAllFields().forEach((field, value) -> {
      into.add(field.getFullName());
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        List<?> values = field.isRepeated() ? (List<?>) value : List.of(value);
        values.forEach(each -> collectSetFields((Message) each, into));
      }
    });
  }

  private static Stream<Descriptor> contractMessages() {
    return CONTRACT_FILES.stream().flatMap(file -> file.getMessageTypes().stream());
  }

  private static List<EnumDescriptor> contractEnums() {
    return CONTRACT_FILES.stream().flatMap(file -> file.getEnumTypes().stream()).toList();
  }

  private static String upperSnake(String camelCase) {
    return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
  }
}
