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

  /** The HTTP body: the serialized WriteRequest, Snappy block format (not framed). */
  public static byte[] encode(List<Sample> batch) {
    return snappy(writeRequest(batch).toByteArray());
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
    SnappyCompressor compressor = new SnappyCompressor();
    byte[] out = new byte[compressor.maxCompressedLength(raw.length)];
    int n = compressor.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }
}
