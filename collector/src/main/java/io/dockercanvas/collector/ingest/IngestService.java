package io.dockercanvas.collector.ingest;

import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The agents' way in: one {@link AgentSession} per Connect stream. */
public final class IngestService implements IngestGrpc.AsyncService, BindableService {

  private final IngestTargets targets;

  public IngestService(IngestTargets targets) {
    this.targets = targets;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return UnparseableMessages.bind(IngestGrpc.bindService(this));
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<CollectorMessage> responses) {
    return new AgentSession((ServerCallStreamObserver<CollectorMessage>) responses, targets);
  }
}
