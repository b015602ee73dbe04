package dev.sentinel.core.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens what a previous run left: validates every segment, cuts damaged tails off (a power loss
 * leaves a torn last record; garbage fails the checksums) and works out where numbering continues.
 * Damage is reported and skipped, never thrown: a spool that cannot be read in part must still let
 * the daemon start and keep collecting. A segment in a format version this code does not know is
 * different: it is not damage, so opening fails (before any file is touched) rather than lose it.
 *
 * <p>Samples lost inside a file are made visible as a gap in the sequence numbers (the next segment
 * starts after them), so each destination that had not read them counts them as dropped with reason
 * {@code corrupt} when its reader crosses the gap.
 */
final class SpoolRecovery {
  private static final Logger logger = LoggerFactory.getLogger(SpoolRecovery.class);

  record Result(List<Segment> segments, long nextSeq) {}

  private SpoolRecovery() {}

  static Result recover(Path dir, DiskBuffer.CorruptionListener onCorrupt) throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + Segment.SUFFIX)) {
      for (Path p : ds) {
        long first = Segment.parseName(p.getFileName().toString());
        if (first >= 0) {
          files.put(first, p);
        }
      }
    }
    for (Path p : files.values()) {
      checkVersion(p);
    }
    List<Segment> segments = new ArrayList<>();
    long nextSeq = 0;
    for (var e : files.entrySet()) {
      long first = e.getKey();
      Path path = e.getValue();
      nextSeq = Math.max(nextSeq, first);
      if (!segments.isEmpty() && first < segments.get(segments.size() - 1).endSeq) {
        report(onCorrupt, path, 0, Files.size(path), "overlaps the previous segment; removed");
        Files.delete(path);
        continue;
      }
      SegmentFormat.Scan scan;
      try (FileChannel ch =
          FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        scan = SegmentFormat.scan(ch, path, first);
        if (scan.problem() != null && scan.goodBytes() > 0) {
          String lost =
              scan.lostSamples() > 0 ? " (at least " + scan.lostSamples() + " samples lost)" : "";
          report(
              onCorrupt,
              path,
              scan.goodBytes(),
              scan.fileBytes() - scan.goodBytes(),
              scan.problem() + "; cut off" + lost);
          ch.truncate(scan.goodBytes());
          ch.force(true);
        }
      }
      if (scan.goodBytes() == 0) {
        // A file with no valid header: if it is shorter than a header, a roll was interrupted.
        if (scan.fileBytes() > SegmentFormat.FILE_HEADER) {
          report(onCorrupt, path, 0, scan.fileBytes(), scan.problem() + "; removed");
        } else {
          logger.info("Removing spool segment {} left empty by an interrupted roll", path);
        }
        Files.delete(path);
        continue;
      }
      Segment s = new Segment(dir, first, scan.dataStart());
      s.bytes = scan.goodBytes();
      s.endSeq = first + scan.samples();
      s.maxTimestamp = scan.maxTs();
      nextSeq = Math.max(nextSeq, s.endSeq + scan.lostSamples());
      if (s.samples() == 0) {
        Files.delete(path); // holds nothing; numbering continues from nextSeq
      } else {
        segments.add(s);
      }
    }
    return new Result(segments, nextSeq);
  }

  /** Throws, changing nothing, if {@code segment} is in a format version this code cannot read. */
  private static void checkVersion(Path segment) throws IOException {
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      SegmentFormat.version(ch, segment);
    }
  }

  private static void report(
      DiskBuffer.CorruptionListener onCorrupt, Path file, long offset, long bytes, String problem) {
    logger.warn(
        "Spool segment {} is damaged at byte {}: {} ({} bytes discarded); the rest of the spool is"
            + " used",
        file,
        offset,
        problem,
        bytes);
    try {
      onCorrupt.corrupt(file, offset, bytes, problem);
    } catch (RuntimeException e) {
      logger.warn("Corruption listener failed", e);
    }
  }
}
