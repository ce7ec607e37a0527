package io.dockercanvas.collector.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenPacketTableTest {

  @Test
  void putGetRemove_manyCollidingKeys_behavesLikeAMap() {
    OpenPacketTable table = new OpenPacketTable(512);
    Map<Long, OpenPacket> expected = new HashMap<>();
    Random random = new Random(7);
    for (int step = 0; step < 200_000; step++) {
      // few distinct keys, some differing only in high bits: long probe runs that wrap around
      long key = random.nextInt(600) * (random.nextBoolean() ? 1L : 1L << 40);
      if (random.nextInt(3) == 0 || expected.size() >= 512) {
        table.remove(key);
        expected.remove(key);
      } else {
        OpenPacket packet = new OpenPacket(step, key, step);
        table.put(key, packet);
        expected.put(key, packet);
      }
      if (step % 1000 == 0) {
        for (long k = 0; k < 600; k++) {
          assertThat(table.get(k)).isSameAs(expected.get(k));
          assertThat(table.get(k << 40)).isSameAs(expected.get(k << 40));
        }
      }
      assertThat(table.size()).isEqualTo(expected.size());
    }
  }
}
