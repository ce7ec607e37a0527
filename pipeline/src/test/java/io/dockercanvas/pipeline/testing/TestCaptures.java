package io.dockercanvas.pipeline.testing;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.pcapfile.CaptureFiles;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import io.dockercanvas.pipeline.pcapfile.FrameSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The captures under src/test/resources and a frame-by-frame loop over them. */
public final class TestCaptures {
  /** Folders of real captures, each pcap with its tshark reference beside it. */
  public static final List<String> FOLDERS = List.of("conformance", "routing-mesh", "snaplen96");

  private TestCaptures() {}

  private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

  /**
   * A capture folder as a directory. Other modules' tests get these from pipeline's test-jar, where
   * the folder is inside a jar: it is copied once to a temporary directory, since the captures are
   * read as files.
   */
  public static Path folder(String name) {
    try {
      URI uri = TestCaptures.class.getResource("/" + name).toURI();
      if (!"jar".equals(uri.getScheme())) {
        return Path.of(uri);
      }
      return EXTRACTED.computeIfAbsent(name, n -> extract(uri, n));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path extract(URI uri, String name) {
    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of());
        Stream<Path> entries = Files.walk(jar.getPath("/" + name))) {
      Path target = Files.createTempDirectory("canvas-" + name + "-");
      for (Path entry : (Iterable<Path>) entries::iterator) {
        Path to = target.resolve(jar.getPath("/" + name).relativize(entry).toString());
        if (Files.isDirectory(entry)) {
          Files.createDirectories(to);
        } else {
          Files.copy(entry, to);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path file(String folder, String name) {
    return folder(folder).resolve(name);
  }

  /** Every .pcap/.pcapng in the capture folders, sorted. */
  public static List<Path> all() {
    return FOLDERS.stream()
        .flatMap(
            name -> {
              try (Stream<Path> files = Files.list(folder(name))) {
                return files
                    .filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted()
                    .collect(Collectors.toList())
                    .stream();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .collect(Collectors.toList());
  }

  /**
   * Called for each frame with its 1-based number, the record and the decoded frame (both reused).
   */
  public interface FrameVisitor {
    void visit(long number, CapturedFrame record, DecodedFrame frame) throws IOException;
  }

  public static void decode(Path capture, FrameVisitor visitor) throws IOException {
    FrameDecoder decoder = new FrameDecoder();
    CapturedFrame record = new CapturedFrame();
    DecodedFrame frame = new DecodedFrame();
    try (FrameSource source = CaptureFiles.open(capture)) {
      long number = 0;
      while (source.next(record)) {
        decoder.decode(
            record.buffer(),
            record.offset(),
            record.caplen(),
            record.origLen(),
            record.linkType(),
            frame);
        visitor.visit(++number, record, frame);
      }
    }
  }
}
