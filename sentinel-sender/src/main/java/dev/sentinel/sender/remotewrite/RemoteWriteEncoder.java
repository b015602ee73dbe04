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
  public static byte[] encode(List<Sample> batch) {
    Wire out = new Wire(batch.size() * 64 + 64);
    for (Series series : Series.group(batch)) {
      byte[] labels = labelBytes(series.name(), series.labels());
      int length = labels.length;
      for (Sample s : series.samples()) {
        length += 1 + 1 + sampleSize(s.timestampMs());
      }
      out.tag(1, 2);
      out.varint(length);
      out.bytes(labels);
      for (Sample s : series.samples()) {
        out.tag(2, 2);
        out.varint(sampleSize(s.timestampMs()));
        out.tag(1, 1);
        out.fixed64(Double.doubleToRawLongBits(s.value()));
        out.tag(2, 0);
        out.varint(s.timestampMs());
      }
    }
    return snappy(out.buf, out.size);
  }

  /** An encoded Sample message's size: a double and a varint timestamp, each with its tag. */
  private static int sampleSize(long timestampMs) {
    return 1 + 8 + 1 + Wire.varintSize(timestampMs);
  }

  /** The TimeSeries' label fields for {@code name} and {@code labels}, sorted by name. */
  private static byte[] labelBytes(String name, Labels labels) {
    Wire w = new Wire(32 * (labels.size() + 1));
    boolean nameDone = false;
    for (int i = 0; i < labels.size(); i++) {
      // Names are ASCII, so String order is byte order; __name__ goes where it sorts.
      if (!nameDone && NAME_LABEL.compareTo(labels.name(i)) < 0) {
        w.label(NAME_LABEL, name);
        nameDone = true;
      }
      w.label(labels.name(i), labels.value(i));
    }
    if (!nameDone) {
      w.label(NAME_LABEL, name);
    }
    return Arrays.copyOf(w.buf, w.size);
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
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    /** A Label message as field 1 of a TimeSeries. */
    void label(String name, String value) {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      int length = 1 + varintSize(n.length) + n.length + 1 + varintSize(v.length) + v.length;
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
