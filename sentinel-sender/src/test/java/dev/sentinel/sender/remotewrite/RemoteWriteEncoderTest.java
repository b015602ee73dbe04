package dev.sentinel.sender.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.sender.remotewrite.proto.Label;
import dev.sentinel.sender.remotewrite.proto.TimeSeries;
import dev.sentinel.sender.remotewrite.proto.WriteRequest;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class RemoteWriteEncoderTest {
  private static final long T0 = 1_700_000_000_000L;

  /** Snappy-decompresses and parses a body, as a receiver does. */
  static WriteRequest decode(byte[] body) throws Exception {
    int length = SnappyDecompressor.getUncompressedLength(body, 0);
    byte[] raw = new byte[length];
    int n = new SnappyDecompressor().decompress(body, 0, body.length, raw, 0, raw.length);
    assertThat(n).isEqualTo(length);
    return WriteRequest.parseFrom(raw);
  }

  private static List<String> names(TimeSeries ts) {
    return ts.getLabelsList().stream().map(Label::getName).toList();
  }

  @Test
  void roundTripsOneSeries() throws Exception {
    Labels labels = Labels.of("device_id", "edge-1", "target", "10.0.0.1");
    List<Sample> batch =
        List.of(
            Sample.gauge("ping_rtt_ms", labels, 0.05, T0),
            Sample.gauge("ping_rtt_ms", labels, 0.06, T0 + 1000),
            Sample.gauge("ping_rtt_ms", labels, Double.POSITIVE_INFINITY, T0 + 2000));

    byte[] body = RemoteWriteEncoder.encode(batch);
    WriteRequest request = decode(body);

    assertThat(request).isEqualTo(RemoteWriteEncoder.writeRequest(batch));
    assertThat(request.getTimeseriesCount()).isEqualTo(1);
    TimeSeries ts = request.getTimeseries(0);
    assertThat(ts.getLabelsList())
        .extracting(Label::getName, Label::getValue)
        .containsExactly(
            Tuple.tuple("__name__", "ping_rtt_ms"),
            Tuple.tuple("device_id", "edge-1"),
            Tuple.tuple("target", "10.0.0.1"));
    assertThat(ts.getSamplesList())
        .extracting(s -> s.getValue(), s -> s.getTimestamp())
        .containsExactly(
            Tuple.tuple(0.05, T0),
            Tuple.tuple(0.06, T0 + 1000),
            Tuple.tuple(Double.POSITIVE_INFINITY, T0 + 2000));
  }

  @Test
  void sortsLabelNamesByBytesIncludingName() throws Exception {
    // Byte order: 'Z' (0x5A) < '_' (0x5F) < 'a' (0x61), so __name__ sits between them.
    Labels labels = Labels.of("zone", "z", "Zone", "Z", "a", "1", "_x", "u", "B", "b");
    WriteRequest request =
        decode(RemoteWriteEncoder.encode(List.of(Sample.gauge("m", labels, 1, T0))));

    List<String> names = names(request.getTimeseries(0));
    assertThat(names).containsExactly("B", "Zone", "__name__", "_x", "a", "zone");
    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void groupsSeriesInOrderOfFirstAppearanceKeepingSampleOrder() throws Exception {
    Labels x = Labels.of("target", "x");
    Labels y = Labels.of("target", "y");
    List<Sample> batch =
        List.of(
            Sample.gauge("b_metric", x, 1, T0),
            Sample.gauge("a_metric", x, 2, T0),
            Sample.gauge("b_metric", y, 3, T0),
            Sample.gauge("b_metric", x, 4, T0 + 10),
            Sample.gauge("a_metric", x, 5, T0 + 10),
            Sample.gauge("b_metric", x, 6, T0 + 20));

    WriteRequest request = decode(RemoteWriteEncoder.encode(batch));

    assertThat(request.getTimeseriesList())
        .extracting(ts -> ts.getLabels(0).getValue() + ts.getLabelsList().get(1).getValue())
        .containsExactly("b_metricx", "a_metricx", "b_metricy");
    assertThat(request.getTimeseries(0).getSamplesList())
        .extracting(s -> s.getValue())
        .containsExactly(1.0, 4.0, 6.0);
    assertThat(request.getTimeseries(0).getSamplesList())
        .extracting(s -> s.getTimestamp())
        .containsExactly(T0, T0 + 10, T0 + 20);
    assertThat(request.getTimeseries(1).getSamplesList())
        .extracting(s -> s.getValue())
        .containsExactly(2.0, 5.0);
    assertThat(request.getTimeseries(2).getSamplesList())
        .extracting(s -> s.getValue())
        .containsExactly(3.0);
  }

  @Test
  void seriesWithoutLabelsCarriesOnlyTheName() throws Exception {
    WriteRequest request =
        decode(RemoteWriteEncoder.encode(List.of(Sample.gauge("up", Labels.EMPTY, 1, T0))));
    assertThat(names(request.getTimeseries(0))).containsExactly("__name__");
  }

  @Test
  void emptyBatchIsAnEmptyRequest() throws Exception {
    byte[] body = RemoteWriteEncoder.encode(List.of());
    assertThat(decode(body).getTimeseriesCount()).isZero();
  }

  @Test
  void usesSnappyBlockFormatNotFramed() {
    byte[] body = RemoteWriteEncoder.encode(List.of(Sample.gauge("m", Labels.of("a", "b"), 1, T0)));
    int rawLength =
        RemoteWriteEncoder.writeRequest(List.of(Sample.gauge("m", Labels.of("a", "b"), 1, T0)))
            .getSerializedSize();
    // Block format starts with the uncompressed length as a varint; the framed format with 0xff.
    assertThat(body[0] & 0xff).isNotEqualTo(0xff);
    assertThat(SnappyDecompressor.getUncompressedLength(body, 0)).isEqualTo(rawLength);
  }

  @Test
  void theDirectEncodingDecodesToTheMessageForEveryKindOfSampleAndLabelOrder() throws Exception {
    Labels upper = Labels.of("Zone", "z", "a", "1", "zz", "ü \"q\"");
    Labels plain = Labels.of("job", "j");
    List<Sample> batch =
        List.of(
            Sample.gauge("m", upper, 1.5, 1_700_000_000_000L),
            Sample.gauge("other", upper, 0.0, 0), // zero value and time; same labels, other name
            Sample.gauge("m", upper, -0.0, 1_700_000_000_001L),
            Sample.staleMarker("m", plain, 5, Sample.Kind.GAUGE),
            Sample.gauge("n", plain, Sample.NORMAL_NAN, 6),
            Sample.gauge("n", Labels.EMPTY, Double.POSITIVE_INFINITY, 7),
            new Sample("c_total", plain, 42, 8, Sample.Kind.COUNTER));
    for (int round = 0; round < 2; round++) { // the same batch twice gives the same message
      WriteRequest decoded = decode(RemoteWriteEncoder.encode(batch));
      WriteRequest expected = RemoteWriteEncoder.writeRequest(batch);
      assertThat(decoded).isEqualTo(expected);
      assertThat(decoded.getTimeseries(3).getSamples(0).getValue()).isNaN();
      assertThat(Double.doubleToRawLongBits(decoded.getTimeseries(2).getSamples(0).getValue()))
          .isEqualTo(Sample.STALE_NAN_BITS);
    }
    assertThat(decode(RemoteWriteEncoder.encode(batch)).getTimeseries(0).getLabelsList())
        .extracting(Label::getName)
        .containsExactly("Zone", "__name__", "a", "zz");
  }

  @Test
  void aLargeBatchWithRepeatedSeriesInAnyOrderGroupsAsTheMessageDoes() throws Exception {
    java.util.Random random = new java.util.Random(42);
    List<Labels> sets = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      sets.add(Labels.of("id", "s" + i, "job", "j"));
    }
    List<Sample> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      Labels l = sets.get(random.nextInt(sets.size()));
      // equal label sets that are different objects group together too
      Labels copy = random.nextBoolean() ? l : Labels.of("id", l.get("id"), "job", "j");
      batch.add(Sample.gauge(random.nextBoolean() ? "a" : "b", copy, i, T0 + i));
    }
    for (int round = 0; round < 3; round++) { // reused buffers give the same result
      List<Sample> part = batch.subList(0, 5000 - round * 2000);
      assertThat(decode(RemoteWriteEncoder.encode(part)))
          .isEqualTo(RemoteWriteEncoder.writeRequest(part));
    }
  }
}
