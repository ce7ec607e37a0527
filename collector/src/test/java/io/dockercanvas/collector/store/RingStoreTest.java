package io.dockercanvas.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingStoreTest {

  private final RingStore<Integer> store = new RingStore<>(3);

  @Test
  void add_beyondCapacity_oldestRollOffAndStatusSaysKeptOfSeen() {
    for (int i = 1; i <= 5; i++) {
      store.add(i);
    }

    assertThat(values(store.latest(0, x -> true))).containsExactly(3, 4, 5);
    assertThat(store.status()).isEqualTo(new StoreStatus(3, 5, 3));
    assertThat(store.status()).hasToString("3 of 5 kept (capacity 3)");
  }

  @Test
  void latest_limitAndFilter_newestMatchesOldestFirst() {
    for (int i = 1; i <= 3; i++) {
      store.add(i);
    }

    assertThat(values(store.latest(2, x -> true))).containsExactly(2, 3);
    assertThat(values(store.latest(0, x -> x % 2 == 1))).containsExactly(1, 3);
    assertThat(values(store.earliest(1, x -> true))).containsExactly(1);
  }

  @Test
  void after_sequenceAlreadyRolledOff_startsAtOldestKept() {
    for (int i = 1; i <= 5; i++) {
      store.add(i);
    }

    assertThat(store.after(1, 0, x -> true))
        .extracting(Stored::sequence)
        .containsExactly(3L, 4L, 5L);
    assertThat(store.after(4, 0, x -> true)).extracting(Stored::sequence).containsExactly(5L);
    assertThat(store.after(5, 0, x -> true)).isEmpty();
  }

  @Test
  void subscribe_newItems_heardUntilUnsubscribed() {
    List<Integer> heard = new ArrayList<>();
    Runnable unsubscribe = store.subscribe(s -> heard.add(s.value()));
    store.add(7);
    unsubscribe.run();
    store.add(8);

    assertThat(heard).containsExactly(7);
  }

  @Test
  void find_newestMatch() {
    store.add(10);
    store.add(11);

    assertThat(store.find(x -> x >= 10)).contains(11);
    assertThat(store.find(x -> x > 11)).isEmpty();
  }

  @Test
  void constructor_zeroCapacity_rejected() {
    assertThatThrownBy(() -> new RingStore<>(0)).hasMessageContaining("at least 1");
  }

  private static List<Integer> values(List<Stored<Integer>> stored) {
    return stored.stream().map(Stored::value).toList();
  }
}
