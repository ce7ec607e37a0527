package io.dockercanvas.pipeline.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.dockercanvas.pipeline.testing.TestCaptures;
import io.dockercanvas.pipeline.testing.Tshark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture in the test resources, decoded and compared with tshark field by field: with the
 * recorded reference beside it, and with tshark run afresh where it is installed (so a capture
 * dropped into those folders needs no hand-written reference).
 */
class ConformanceTest {

  @TestFactory
  Stream<DynamicTest> decode_everyCapture_matchesItsTsharkReference() {
    return TestCaptures.all().stream()
        .map(
            capture ->
                dynamicTest(
                    capture.getFileName().toString(),
                    () ->
                        assertMatches(
                            capture, Tshark.reference(capture), "the recorded tshark reference")));
  }

  @TestFactory
  Stream<DynamicTest> decode_everyCapture_matchesTsharkRunNow() {
    Path tshark = Tshark.installed();
    return TestCaptures.all().stream()
        .map(
            capture ->
                dynamicTest(
                    capture.getFileName().toString(),
                    () -> {
                      assumeTrue(
                          tshark != null,
                          "tshark is not on PATH (apt-get install tshark); compared with the recorded references only");
                      assertMatches(capture, Tshark.run(tshark, capture), "tshark");
                    }));
  }

  @org.junit.jupiter.api.Test
  void referenceFiles_haveTheDocumentedFields() throws IOException {
    for (Path capture : TestCaptures.all()) {
      Map<String, String> firstRow = Tshark.reference(capture).values().iterator().next();
      assertThat(firstRow.keySet()).as(capture.toString()).containsExactlyElementsOf(Tshark.FIELDS);
    }
  }

  /**
   * Decodes {@code capture} and lists every field, of every frame, that differs from {@code
   * expected}.
   */
  static void assertMatches(Path capture, Map<Long, Map<String, String>> expected, String source)
      throws IOException {
    List<String> mismatches = new ArrayList<>();
    long[] frames = {0};
    String name = capture.getFileName().toString();
    TestCaptures.decode(
        capture,
        (number, record, frame) -> {
          frames[0] = number;
          Map<String, String> row = expected.get(number);
          if (row == null) {
            mismatches.add(name + " frame " + number + ": missing from " + source);
            return;
          }
          TsharkView ours = TsharkView.of(record, frame);
          for (String field : Tshark.FIELDS) {
            if (field.equals("frame.number") || ours.notCompared.contains(field)) {
              continue;
            }
            String theirs = row.getOrDefault(field, "");
            if (ours.tsharkMayOmit.contains(field) && theirs.equals(ours.withoutLast(field))) {
              continue;
            }
            if (!theirs.equals(ours.get(field))) {
              mismatches.add(
                  String.format(
                      "%s frame %d field %s: %s says '%s', the decoder says '%s'",
                      name, number, field, source, theirs, ours.get(field)));
            }
          }
        });
    if (frames[0] != expected.size()) {
      mismatches.add(
          name + ": " + frames[0] + " frames decoded, " + expected.size() + " in " + source);
    }
    assertThat(mismatches).as("differences from %s", source).isEmpty();
  }
}
