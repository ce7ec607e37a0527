package io.dockercanvas.collector.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes on an ingest stream that are not an AgentMessage. grpc-java closes a call whose request
 * fails to parse with "UNKNOWN: Application error processing RPC", which tells the sender nothing;
 * so the Connect method parses with a marshaller that hands such bytes to the session as one marked
 * message, and the session answers INVALID_ARGUMENT with the parser's reason.
 */
final class UnparseableMessages {

  /** Field number of the marker: far above any field AgentMessage will ever have. */
  private static final int MARKER_FIELD = 536_870_000;

  private UnparseableMessages() {}

  /** Why the bytes did not parse, when {@code message} is the marker; null for a real message. */
  static String reason(AgentMessage message) {
    UnknownFieldSet unknown = message.getUnknownFields();
    if (!unknown.hasField(MARKER_FIELD)) {
      return null;
    }
    return unknown.getField(MARKER_FIELD).getLengthDelimitedList().get(0).toStringUtf8();
  }

  static ServerServiceDefinition bind(ServerServiceDefinition generated) {
    MethodDescriptor<AgentMessage, ?> connect = IngestGrpc.getConnectMethod();
    @SuppressWarnings("unchecked")
    var handler =
        (ServerCallHandler<AgentMessage, io.dockercanvas.proto.v1.CollectorMessage>)
            generated.getMethod(connect.getFullMethodName()).getServerCallHandler();
    var tolerant =
        IngestGrpc.getConnectMethod().toBuilder(
                new Tolerant(), IngestGrpc.getConnectMethod().getResponseMarshaller())
            .build();
    // the generated schema descriptor stays, so server reflection still lists Ingest
    ServiceDescriptor service =
        ServiceDescriptor.newBuilder(IngestGrpc.SERVICE_NAME)
            .setSchemaDescriptor(generated.getServiceDescriptor().getSchemaDescriptor())
            .addMethod(tolerant)
            .build();
    return ServerServiceDefinition.builder(service).addMethod(tolerant, handler).build();
  }

  private static final class Tolerant implements MethodDescriptor.Marshaller<AgentMessage> {
    private final MethodDescriptor.Marshaller<AgentMessage> proto =
        ProtoUtils.marshaller(AgentMessage.getDefaultInstance());

    @Override
    public InputStream stream(AgentMessage value) {
      return proto.stream(value);
    }

    @Override
    public AgentMessage parse(InputStream stream) {
      byte[] bytes;
      try {
        bytes = readAll(stream);
      } catch (IOException e) {
        return marker("cannot read the message: " + e.getMessage());
      }
      try {
        AgentMessage message = AgentMessage.parseFrom(bytes);
        return reason(message) == null ? message : marker("uses reserved field " + MARKER_FIELD);
      } catch (InvalidProtocolBufferException e) {
        return marker(
            bytes.length
                + " bytes that are not a docker_canvas.v1.AgentMessage ("
                + e.getMessage()
                + ")");
      }
    }

    /**
     * The message's bytes; gRPC's streams know their length, so one exact array instead of
     * readAllBytes' growing chunks and final copy (a batch is ~100 KB, a few times a second).
     */
    private static byte[] readAll(InputStream stream) throws IOException {
      if (!(stream instanceof KnownLength)) {
        return stream.readAllBytes();
      }
      byte[] bytes = new byte[stream.available()];
      int read = stream.readNBytes(bytes, 0, bytes.length);
      if (read != bytes.length || stream.read() != -1) {
        throw new IOException("the stream's length was not what it said");
      }
      return bytes;
    }

    private static AgentMessage marker(String reason) {
      return AgentMessage.newBuilder()
          .setUnknownFields(
              UnknownFieldSet.newBuilder()
                  .addField(
                      MARKER_FIELD,
                      UnknownFieldSet.Field.newBuilder()
                          .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8(reason))
                          .build())
                  .build())
          .build();
    }
  }
}
