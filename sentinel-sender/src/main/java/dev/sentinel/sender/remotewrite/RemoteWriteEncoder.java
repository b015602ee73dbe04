package dev.sentinel.sender.remotewrite;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.sender.Series;
import dev.sentinel.sender.remotewrite.proto.Label;
import dev.sentinel.sender.remotewrite.proto.TimeSeries;
import dev.sentinel.sender.remotewrite.proto.WriteRequest;
import io.airlift.compress.snappy.SnappyCompressor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a batch into a Remote Write 1.0 request body: a {@code prometheus.WriteRequest} with one
 * TimeSeries per distinct (name, labels), compressed with Snappy's block format. The only class
 * that knows the protobuf messages and the compressor.
 */
public final class RemoteWriteEncoder {
  static final String NAME_LABEL = "__name__";

  /** Spec 1.0: label names MUST be sorted lexicographically, i.e. by their UTF-8 bytes. */
  private static final Comparator<Label> BY_NAME_BYTES =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getName().getBytes(StandardCharsets.UTF_8),
              b.getName().getBytes(StandardCharsets.UTF_8));

  private RemoteWriteEncoder() {}

  /** The uncompressed protobuf message (series in order of first appearance). */
  public static WriteRequest writeRequest(List<Sample> batch) {
    WriteRequest.Builder request = WriteRequest.newBuilder();
    for (Series series : Series.group(batch)) {
      TimeSeries.Builder ts = TimeSeries.newBuilder().addAllLabels(labels(series));
      for (Sample s : series.samples()) {
        ts.addSamplesBuilder().setValue(s.value()).setTimestamp(s.timestampMs());
      }
      request.addTimeseries(ts);
    }
    return request.build();
  }

  /**
   * The HTTP body: the serialized WriteRequest, Snappy block format (not framed), written field by
   * field. It decodes to {@link #writeRequest} (zero values are written, not left out), without a
   * message object per label and sample.
   */
  public static byte[] encode(List<Sample> samples) {
    Scratch scratch = SCRATCH.get();
    Sample[] batch = scratch.samples(samples);
    Wire out = scratch.out;
    out.size = 0;
    Grouping g = scratch.grouping.of(batch, samples.size());
    Wire pairs = scratch.labels;
    Labels encoded = null; // whose label fields pairs holds
    Wire stamp = scratch.stamp; // the varint of stampedMs
    long stampedMs = Long.MIN_VALUE;
    int cut = 0; // where in pairs __name__ goes
    for (int series = 0; series < g.count; series++) {
      Sample first = batch[g.first[series]];
      // A probe's series of one target share a label set and differ only in name: encode it once.
      if (first.labels() != encoded) {
        encoded = first.labels();
        cut = labelPairs(pairs, encoded);
      }
      byte[] nameLabel = scratch.nameLabel(first.name());
      int length = pairs.size + nameLabel.length;
      for (int i = g.first[series]; i >= 0; i = g.next[i]) {
        length += 1 + 1 + sampleSize(batch[i].timestampMs());
      }
      out.tag(1, 2);
      out.varint(length);
      out.bytes(pairs.buf, 0, cut);
      out.bytes(nameLabel);
      out.bytes(pairs.buf, cut, pairs.size - cut);
      for (int i = g.first[series]; i >= 0; i = g.next[i]) {
        Sample s = batch[i];
        long ts = s.timestampMs();
        if (ts != stampedMs) { // a run's samples share their timestamp: encode it once
          stampedMs = ts;
          stamp.size = 0;
          stamp.varint(ts);
        }
        out.tag(2, 2);
        out.varint(1 + 8 + 1 + stamp.size);
        out.tag(1, 1);
        out.fixed64(Double.doubleToRawLongBits(s.value()));
        out.tag(2, 0);
        out.bytes(stamp.buf, 0, stamp.size);
      }
    }
    byte[] body = scratch.snappy(out.buf, out.size);
    scratch.trim(samples.size());
    return body;
  }

  /**
   * A batch grouped by series as {@link Series#group} does (series in order of first appearance,
   * each one's samples in batch order), in reused int arrays: the first sample of each series and
   * each sample's next one of its series (-1 at the end). No object per sample.
   */
  private static final class Grouping {
    int count;
    int[] first = new int[0];
    int[] next = new int[0];
    private int[] last = new int[0];
    int[] table = new int[0];

    void trim() {
      first = new int[0];
      next = new int[0];
      last = new int[0];
      table = new int[0];
    }

    Grouping of(Sample[] batch, int n) {
      if (first.length < n) {
        first = new int[n];
        next = new int[n];
        last = new int[n];
      }
      int capacity = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
      if (table.length < capacity) {
        table = new int[capacity];
      }
      int mask = capacity - 1;
      java.util.Arrays.fill(table, 0, capacity, 0); // 0: empty, else series + 1
      count = 0;
      for (int i = 0; i < n; i++) {
        Sample s = batch[i];
        int h = s.name().hashCode() * 31 + s.labels().hashCode();
        h ^= h >>> 16;
        int slot = h & mask;
        while (true) {
          int series = table[slot] - 1;
          if (series < 0) {
            table[slot] = count + 1;
            first[count] = i;
            last[count] = i;
            count++;
            break;
          }
          Sample f = batch[first[series]];
          if (f.name().equals(s.name()) && f.labels().equals(s.labels())) {
            next[last[series]] = i;
            last[series] = i;
            break;
          }
          slot = (slot + 1) & mask;
        }
        next[i] = -1;
      }
      return this;
    }
  }

  /**
   * What one thread reuses from batch to batch (a destination's sender): the buffers and the
   * compressor's table, so encoding a batch leaves only its body behind (a busy agent sends many
   * batches a second, and every array left would be garbage to collect).
   */
  private static final class Scratch {
    /** Buffers that grew past this (a rare huge batch) are not kept. */
    static final int KEEP = 1 << 20;

    /** At most this many names' encodings are kept (a scrape may serve thousands of names). */
    static final int NAMES_KEPT = 4096;

    final Wire out = new Wire(64 * 1024);
    final Wire labels = new Wire(1024);
    final Grouping grouping = new Grouping();

    /** The batch as an array (a list's get costs checks; a sublist's, more). */
    private Sample[] batch = new Sample[0];

    final SnappyCompressor compressor = new SnappyCompressor();
    byte[] compressed = new byte[0];

    /** Metric names' encoded {@code __name__} Label fields: a batch has few distinct names. */
    private final java.util.HashMap<String, byte[]> nameLabels = new java.util.HashMap<>();

    private final Wire one = new Wire(128);

    final Wire stamp = new Wire(16);

    Sample[] samples(List<Sample> samples) {
      if (batch.length < samples.size()) {
        batch = new Sample[samples.size()];
      }
      return samples.toArray(batch);
    }

    byte[] nameLabel(String name) {
      byte[] encoded = nameLabels.get(name);
      if (encoded == null) {
        if (nameLabels.size() >= NAMES_KEPT) {
          nameLabels.clear();
        }
        one.size = 0;
        one.label(NAME_LABEL, name);
        encoded = Arrays.copyOf(one.buf, one.size);
        nameLabels.put(name, encoded);
      }
      return encoded;
    }

    byte[] snappy(byte[] raw, int length) {
      int max = compressor.maxCompressedLength(length);
      if (compressed.length < max) {
        compressed = new byte[max];
      }
      int n = compressor.compress(raw, 0, length, compressed, 0, compressed.length);
      return Arrays.copyOf(compressed, n);
    }

    void trim(int used) {
      Arrays.fill(batch, 0, used, null); // the samples may go as soon as they are sent
      if (batch.length > KEEP / 16) {
        batch = new Sample[0];
      }
      if (out.buf.length > KEEP) {
        out.buf = new byte[64 * 1024];
      }
      if (compressed.length > KEEP) {
        compressed = new byte[0];
      }
      if (grouping.table.length > KEEP / 4) {
        grouping.trim();
      }
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** An encoded Sample message's size: a double and a varint timestamp, each with its tag. */
  private static int sampleSize(long timestampMs) {
    return 1 + 8 + 1 + Wire.varintSize(timestampMs);
  }

  /**
   * The TimeSeries' label fields for {@code labels}, sorted by name, written into {@code w}
   * (emptied first); returns the offset where the {@code __name__} label belongs among them.
   */
  private static int labelPairs(Wire w, Labels labels) {
    w.size = 0;
    int cut = -1;
    for (int i = 0; i < labels.size(); i++) {
      // Names are ASCII, so String order is byte order.
      if (cut < 0 && NAME_LABEL.compareTo(labels.name(i)) < 0) {
        cut = w.size;
      }
      w.label(labels.name(i), labels.value(i));
    }
    return cut < 0 ? w.size : cut;
  }

  /** A growing protobuf output buffer. */
  private static final class Wire {
    byte[] buf;
    int size;

    Wire(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void tag(int field, int wireType) {
      ensure(1);
      buf[size++] = (byte) (field << 3 | wireType);
    }

    void varint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    static int varintSize(long v) {
      int n = 1;
      while ((v & ~0x7FL) != 0) {
        n++;
        v >>>= 7;
      }
      return n;
    }

    void fixed64(long v) {
      ensure(8);
      for (int i = 0; i < 8; i++) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    }

    void bytes(byte[] b) {
      bytes(b, b.length);
    }

    void bytes(byte[] b, int length) {
      bytes(b, 0, length);
    }

    void bytes(byte[] b, int offset, int length) {
      ensure(length);
      System.arraycopy(b, offset, buf, size, length);
      size += length;
    }

    /**
     * A Label message as field 1 of a TimeSeries. {@code getBytes} rather than a loop over the
     * chars: for the usual Latin-1 string it is one check and one array copy.
     */
    void label(String name, String value) {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      int length = 1 + varintSize(n.length) + n.length + 1 + varintSize(v.length) + v.length;
      ensure(1 + 5 + length);
      tag(1, 2);
      varint(length);
      tag(1, 2);
      varint(n.length);
      bytes(n);
      tag(2, 2);
      varint(v.length);
      bytes(v);
    }
  }

  private static List<Label> labels(Series series) {
    Labels labels = series.labels();
    Label[] out = new Label[labels.size() + 1];
    out[0] = Label.newBuilder().setName(NAME_LABEL).setValue(series.name()).build();
    for (int i = 0; i < labels.size(); i++) {
      // Labels are validated (unique, non-empty, no "__" prefix), so __name__ cannot repeat.
      out[i + 1] = Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build();
    }
    Arrays.sort(out, BY_NAME_BYTES);
    return Arrays.asList(out);
  }

  static byte[] snappy(byte[] raw) {
    return snappy(raw, raw.length);
  }

  static byte[] snappy(byte[] raw, int length) {
    SnappyCompressor compressor = new SnappyCompressor();
    byte[] out = new byte[compressor.maxCompressedLength(length)];
    int n = compressor.compress(raw, 0, length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }
}
