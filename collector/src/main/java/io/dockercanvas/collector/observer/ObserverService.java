package io.dockercanvas.collector.observer;

import com.google.protobuf.Timestamp;
import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.LoadBalancerNames;
import io.dockercanvas.collector.status.NodeConnectionEvent;
import io.dockercanvas.collector.store.FilterSet;
import io.dockercanvas.collector.store.LostEvent;
import io.dockercanvas.collector.store.RingStore;
import io.dockercanvas.collector.store.Stored;
import io.dockercanvas.proto.v1.GetFlowsRequest;
import io.dockercanvas.proto.v1.GetFlowsResponse;
import io.dockercanvas.proto.v1.GetJourneysRequest;
import io.dockercanvas.proto.v1.GetJourneysResponse;
import io.dockercanvas.proto.v1.GetTopologyRequest;
import io.dockercanvas.proto.v1.GetTopologyResponse;
import io.dockercanvas.proto.v1.JourneyUpdate;
import io.dockercanvas.proto.v1.ObserverGrpc;
import io.dockercanvas.proto.v1.ServerStatusRequest;
import io.dockercanvas.proto.v1.ServerStatusResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The public Observer API, modelled on Hubble: stored items, then (with follow) new ones as they
 * come.
 */
public final class ObserverService extends ObserverGrpc.ObserverImplBase {

  static final int FOLLOW_QUEUE = 4096;

  private final CollectorCore core;

  public ObserverService(CollectorCore core) {
    this.core = core;
  }

  @Override
  public void getJourneys(GetJourneysRequest req, StreamObserver<GetJourneysResponse> responses) {
    var out = (ServerCallStreamObserver<GetJourneysResponse>) responses;
    StreamRequest request;
    FilterSet filters;
    try {
      request =
          StreamRequest.of(
              req.getNumber(),
              req.getFirst(),
              req.getFollow(),
              req.hasSince(),
              req.getSince(),
              req.hasUntil(),
              req.getUntil());
      filters =
          FilterParser.parse(
              req.getAllowlistList(), req.getDenylistList(), core.cluster().current());
    } catch (InvalidRequestException e) {
      out.onError(e.toStatus());
      return;
    }
    Predicate<Journey> filter = filters.journeys();
    boolean progressive = req.getProgressive();
    stream(
        out,
        request,
        core.journeys(),
        filter,
        Journey::earliestNs,
        j ->
            GetJourneysResponse.newBuilder()
                .setTime(now())
                .setJourney(JourneyMessages.journey(LoadBalancerNames.explain(j, core.pathFacts())))
                .build(),
        e ->
            GetJourneysResponse.newBuilder()
                .setTime(now())
                .setLostEvents(StatusMessages.lost(e))
                .build(),
        e ->
            GetJourneysResponse.newBuilder()
                .setTime(now())
                .setNodeStatus(StatusMessages.nodeStatus(e))
                .build(),
        follow -> {
          if (progressive) {
            follow.onClose(
                core.stitcher()
                    .subscribeUpdates(
                        j -> {
                          if (filter.test(j) && j.earliestNs() >= request.sinceNs()) {
                            follow.offer(
                                GetJourneysResponse.newBuilder()
                                    .setTime(now())
                                    .setJourneyUpdate(
                                        JourneyUpdate.newBuilder()
                                            .setJourney(
                                                JourneyMessages.journey(
                                                    LoadBalancerNames.explain(
                                                        j, core.pathFacts()))))
                                    .build());
                          }
                        }));
          }
        });
  }

  @Override
  public void getFlows(GetFlowsRequest req, StreamObserver<GetFlowsResponse> responses) {
    var out = (ServerCallStreamObserver<GetFlowsResponse>) responses;
    StreamRequest request;
    FilterSet filters;
    try {
      request =
          StreamRequest.of(
              req.getNumber(),
              req.getFirst(),
              req.getFollow(),
              req.hasSince(),
              req.getSince(),
              req.hasUntil(),
              req.getUntil());
      filters =
          FilterParser.parse(
              req.getAllowlistList(), req.getDenylistList(), core.cluster().current());
    } catch (InvalidRequestException e) {
      out.onError(e.toStatus());
      return;
    }
    stream(
        out,
        request,
        core.flows(),
        filters.flows(core.pathFacts()),
        Flow::lastSeenNs,
        f -> GetFlowsResponse.newBuilder().setTime(now()).setFlow(StatusMessages.flow(f)).build(),
        e ->
            GetFlowsResponse.newBuilder()
                .setTime(now())
                .setLostEvents(StatusMessages.lost(e))
                .build(),
        e ->
            GetFlowsResponse.newBuilder()
                .setTime(now())
                .setNodeStatus(StatusMessages.nodeStatus(e))
                .build(),
        follow -> {});
  }

  @Override
  public void getTopology(
      GetTopologyRequest request, StreamObserver<GetTopologyResponse> responses) {
    responses.onNext(
        GetTopologyResponse.newBuilder()
            .setTopology(TopologyMessages.cluster(core.cluster().current()))
            .build());
    responses.onCompleted();
  }

  @Override
  public void serverStatus(
      ServerStatusRequest request, StreamObserver<ServerStatusResponse> responses) {
    responses.onNext(StatusMessages.status(core.status()));
    responses.onCompleted();
  }

  private <T, R> void stream(
      ServerCallStreamObserver<R> out,
      StreamRequest request,
      RingStore<T> store,
      Predicate<T> filter,
      ToLongFunction<T> timeNs,
      Function<T, R> item,
      Function<LostEvent, R> lost,
      Function<NodeConnectionEvent, R> nodeStatus,
      Consumer<FollowStream<R>> alsoFollow) {
    if (!request.follow()) {
      request.select(store, filter, timeNs).forEach(s -> out.onNext(item.apply(s.value())));
      out.onCompleted();
      return;
    }
    FollowStream<R> follow =
        new FollowStream<>(
            out,
            FOLLOW_QUEUE,
            count ->
                lost.apply(
                    LostEvent.now(
                        LostEvent.Source.OBSERVER_STREAM,
                        LostEvent.Reason.SLOW_CONSUMER,
                        "",
                        count,
                        count + " items skipped: this stream read more slowly than they came")));
    follow.onClose(
        store.subscribe(
            s -> {
              if (filter.test(s.value()) && timeNs.applyAsLong(s.value()) >= request.sinceNs()) {
                follow.offerStored(s.sequence(), item.apply(s.value()));
              }
            }));
    follow.onClose(core.lost().events().subscribe(s -> follow.offer(lost.apply(s.value()))));
    follow.onClose(core.agents().subscribe(e -> follow.offer(nodeStatus.apply(e))));
    alsoFollow.accept(follow);
    // subscribed first, so nothing falls between the stored part and the live part
    long sentThrough = store.status().seen();
    List<Stored<T>> stored = request.select(store, filter, timeNs);
    for (Stored<T> s : stored) {
      follow.sendStored(item.apply(s.value()));
      sentThrough = Math.max(sentThrough, s.sequence());
    }
    follow.goLive(sentThrough);
  }

  private static Timestamp now() {
    return StatusMessages.timestamp(Instant.now());
  }
}
