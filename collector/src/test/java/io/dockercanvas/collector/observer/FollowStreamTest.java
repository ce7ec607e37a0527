package io.dockercanvas.collector.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowStreamTest {

  private final FakeCall out = new FakeCall();
  private final FollowStream<String> stream = new FollowStream<>(out, 2, n -> "lost " + n);

  @Test
  void offer_clientNotReading_queueBoundedAndOneLostMessageWhereTheGapIs() {
    stream.goLive(0);
    out.ready = false;
    for (int i = 1; i <= 5; i++) {
      stream.offerStored(i, "j" + i);
    }
    out.becomeReady();
    stream.offerStored(6, "j6");

    assertThat(out.sent).containsExactly("j1", "j2", "lost 3", "j6");
  }

  @Test
  void offer_gapThenRoomAgain_lostMessageBeforeTheNextItem() {
    stream.goLive(0);
    out.ready = false;
    for (int i = 1; i <= 3; i++) {
      stream.offerStored(i, "j" + i);
    }
    out.ready = true;
    stream.offerStored(4, "j4");

    assertThat(out.sent).containsExactly("j1", "j2", "lost 1", "j4");
  }

  @Test
  void goLive_itemsAlreadySentWithTheStoredPart_notSentTwice() {
    stream.sendStored("j1");
    stream.offerStored(1, "j1");
    stream.offerStored(2, "j2");
    stream.goLive(1);

    assertThat(out.sent).containsExactly("j1", "j2");
  }

  @Test
  void cancel_unsubscribesAndStopsSending() {
    List<String> unsubscribed = new ArrayList<>();
    stream.onClose(() -> unsubscribed.add("store"));
    stream.goLive(0);
    out.cancel();
    stream.offer("late");

    assertThat(unsubscribed).containsExactly("store");
    assertThat(out.sent).isEmpty();
  }

  /** A server call whose readiness the test controls. */
  private static final class FakeCall extends ServerCallStreamObserver<String> {
    final List<String> sent = new ArrayList<>();
    boolean ready = true;
    Runnable onReady = () -> {};
    Runnable onCancel = () -> {};

    void becomeReady() {
      ready = true;
      onReady.run();
    }

    void cancel() {
      onCancel.run();
    }

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      onReady = handler;
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
      onCancel = handler;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setCompression(String compression) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(String value) {
      sent.add(value);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
