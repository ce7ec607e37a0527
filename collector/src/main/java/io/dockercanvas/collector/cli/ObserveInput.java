package io.dockercanvas.collector.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.observer.JourneyRecords;
import io.dockercanvas.collector.observer.OfflineFilters;
import io.dockercanvas.proto.v1.GetJourneysRequest;
import io.dockercanvas.proto.v1.GetJourneysResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code observe --input-file}: GetJourneysResponse lines (-o jsonpb) or Journey lines (-o json)
 * read back and selected as the collector would: its own filter code (without a topology), the time
 * window on the first hop, the first or last N journeys. Lost events and node status pass through.
 */
final class ObserveInput {

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private ObserveInput() {}

  static List<GetJourneysResponse> read(
      String file, GetJourneysRequest request, ObserveFilters filters)
      throws ObserveCommand.Failure {
    Predicate<Journey> selected;
    try {
      selected = OfflineFilters.of(filters.allowlist(), filters.denylist());
    } catch (IllegalArgumentException e) {
      throw new ObserveCommand.Failure(2, e.getMessage());
    }
    long sinceNs = request.hasSince() ? nanos(request.getSince()) : Long.MIN_VALUE;
    long untilNs = request.hasUntil() ? nanos(request.getUntil()) : Long.MAX_VALUE;
    List<GetJourneysResponse> items = new ArrayList<>();
    List<Integer> journeys = new ArrayList<>(); // indexes into items
    try (BufferedReader in = open(file)) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        GetJourneysResponse item = parse(line, file, number);
        io.dockercanvas.proto.v1.Journey journey =
            item.hasJourney()
                ? item.getJourney()
                : item.hasJourneyUpdate() ? item.getJourneyUpdate().getJourney() : null;
        if (journey != null) {
          Journey j;
          try {
            j = JourneyRecords.journey(journey);
          } catch (IllegalArgumentException e) {
            throw new ObserveCommand.Failure(2, file + " line " + number + ": " + e.getMessage());
          }
          long t = j.earliestNs();
          if (t < sinceNs || t >= untilNs || !selected.test(j)) {
            continue;
          }
          journeys.add(items.size());
        }
        items.add(item);
      }
    } catch (IOException e) {
      throw new ObserveCommand.Failure(
          2, "--input-file " + file + ": cannot read it (" + e.getMessage() + ")");
    }
    return limit(items, journeys, request);
  }

  /** --first/--last N: the other journeys go, lost events and node status stay. */
  private static List<GetJourneysResponse> limit(
      List<GetJourneysResponse> items, List<Integer> journeys, GetJourneysRequest request) {
    long n = request.getNumber();
    if (n == 0 || n >= journeys.size()) {
      return items;
    }
    List<Integer> kept =
        request.getFirst()
            ? journeys.subList(0, (int) n)
            : journeys.subList(journeys.size() - (int) n, journeys.size());
    java.util.Set<Integer> dropped = new java.util.HashSet<>(journeys);
    kept.forEach(dropped::remove);
    List<GetJourneysResponse> out = new ArrayList<>(items.size() - dropped.size());
    for (int i = 0; i < items.size(); i++) {
      if (!dropped.contains(i)) {
        out.add(items.get(i));
      }
    }
    return out;
  }

  /** A GetJourneysResponse line, or a bare Journey line wrapped in one. */
  private static GetJourneysResponse parse(String line, String file, int number)
      throws ObserveCommand.Failure {
    try {
      GetJourneysResponse.Builder item = GetJourneysResponse.newBuilder();
      PARSER.merge(line, item);
      if (item.getResponseTypesCase()
          != GetJourneysResponse.ResponseTypesCase.RESPONSETYPES_NOT_SET) {
        return item.build();
      }
      io.dockercanvas.proto.v1.Journey.Builder journey =
          io.dockercanvas.proto.v1.Journey.newBuilder();
      PARSER.merge(line, journey);
      if (journey.getHopsCount() > 0) {
        return GetJourneysResponse.newBuilder().setJourney(journey).build();
      }
    } catch (InvalidProtocolBufferException e) {
      throw new ObserveCommand.Failure(
          2, file + " line " + number + ": not JSON of a journey (" + e.getMessage() + ")");
    }
    throw new ObserveCommand.Failure(
        2,
        file
            + " line "
            + number
            + ": neither a GetJourneysResponse (-o jsonpb) nor a Journey (-o json)");
  }

  private static BufferedReader open(String file) throws IOException {
    if (file.equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
  }

  private static long nanos(com.google.protobuf.Timestamp t) {
    return t.getSeconds() * 1_000_000_000L + t.getNanos();
  }
}
