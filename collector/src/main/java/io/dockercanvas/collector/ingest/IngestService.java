package io.dockercanvas.collector.ingest;

import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The agents' way in: one {@link AgentSession} per Connect stream. */
public final class IngestService extends IngestGrpc.IngestImplBase {

  private final IngestTargets targets;

  public IngestService(IngestTargets targets) {
    this.targets = targets;
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<CollectorMessage> responses) {
    return new AgentSession((ServerCallStreamObserver<CollectorMessage>) responses, targets);
  }
}
