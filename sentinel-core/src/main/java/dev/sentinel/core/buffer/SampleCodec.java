package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a run of samples as one self-contained record payload. Strings and label sets are written
 * once per record and then referred to by index: probe batches repeat the same few names and label
 * sets, so this keeps records small. The dictionary never spans records, so each record decodes on
 * its own and a damaged record cannot spoil its neighbours.
 *
 * <p>Per sample: kind (1 byte), name (string ref), label set (ref), value (8 bytes, raw IEEE bits,
 * so -0.0 and the infinities survive), timestamp (zig-zag varint delta to the previous sample). A
 * ref is a varint: 0 means "new entry follows", k means entry k-1.
 */
final class SampleCodec {
  private byte[] buf = new byte[64 * 1024];
  private int len;
  private final Map<String, Integer> strings = new HashMap<>();
  private final Map<Labels, Integer> labelSets = new HashMap<>();

  /** Encodes samples[from, to) after {@code reserve} bytes left free for the record header. */
  void encode(List<Sample> samples, int from, int to, int reserve) {
    len = reserve;
    strings.clear();
    labelSets.clear();
    long prevTs = 0;
    for (int i = from; i < to; i++) {
      Sample s = samples.get(i);
      ensure(1);
      buf[len++] = (byte) (s.kind() == Sample.Kind.COUNTER ? 1 : 0);
      putString(s.name());
      putLabels(s.labels());
      putLong(Double.doubleToRawLongBits(s.value()));
      long delta = s.timestampMs() - prevTs;
      putVarint((delta << 1) ^ (delta >> 63));
      prevTs = s.timestampMs();
    }
  }

  /** The encoded bytes: the reserved header space followed by the payload. */
  byte[] bytes() {
    return buf;
  }

  int length() {
    return len;
  }

  private void putLabels(Labels labels) {
    Integer ref = labelSets.get(labels);
    if (ref != null) {
      putVarint(ref + 1L);
      return;
    }
    labelSets.put(labels, labelSets.size());
    putVarint(0);
    putVarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      putString(labels.name(i));
      putString(labels.value(i));
    }
  }

  private void putString(String s) {
    Integer ref = strings.get(s);
    if (ref != null) {
      putVarint(ref + 1L);
      return;
    }
    strings.put(s, strings.size());
    putVarint(0);
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    putVarint(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void putLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[len++] = (byte) (v >>> shift);
    }
  }

  private void putVarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  /**
   * Decodes {@code count} samples. Throws {@link IllegalArgumentException} on any inconsistency:
   * the checksum passed, so that means a bug or a collision, and the caller treats it as damage.
   */
  static List<Sample> decode(byte[] b, int off, int length, int count) {
    Decoder d = new Decoder(b, off, off + length);
    List<Sample> out = new ArrayList<>(count);
    List<String> strings = new ArrayList<>();
    List<Labels> labelSets = new ArrayList<>();
    long ts = 0;
    for (int i = 0; i < count; i++) {
      int kindByte = d.u8();
      Sample.Kind kind = kindByte == 1 ? Sample.Kind.COUNTER : Sample.Kind.GAUGE;
      if (kindByte > 1) {
        throw new IllegalArgumentException("bad kind " + kindByte);
      }
      String name = d.string(strings);
      Labels labels = d.labels(strings, labelSets);
      double value = Double.longBitsToDouble(d.u64());
      long zz = d.varint();
      ts += (zz >>> 1) ^ -(zz & 1);
      out.add(new Sample(name, labels, value, ts, kind));
    }
    if (d.pos != d.end) {
      throw new IllegalArgumentException("trailing bytes in record");
    }
    return out;
  }

  private static final class Decoder {
    private final byte[] b;
    private int pos;
    private final int end;

    Decoder(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    int u8() {
      check(1);
      return b[pos++] & 0xFF;
    }

    long u64() {
      check(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    int index(long ref, int size) {
      if (ref > size) {
        throw new IllegalArgumentException("reference " + ref + " beyond " + size + " entries");
      }
      return (int) ref - 1;
    }

    String string(List<String> dict) {
      long ref = varint();
      if (ref != 0) {
        return dict.get(index(ref, dict.size()));
      }
      long n = varint();
      check(n);
      String s = new String(b, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      dict.add(s);
      return s;
    }

    Labels labels(List<String> strings, List<Labels> dict) {
      long ref = varint();
      if (ref != 0) {
        return dict.get(index(ref, dict.size()));
      }
      long n = varint();
      check(n); // every label takes at least two bytes, so this bounds the allocation
      String[] nameValues = new String[(int) n * 2];
      for (int i = 0; i < nameValues.length; i++) {
        nameValues[i] = string(strings);
      }
      Labels labels = n == 0 ? Labels.EMPTY : Labels.of(nameValues);
      dict.add(labels);
      return labels;
    }

    private void check(long n) {
      if (n < 0 || n > end - pos) {
        throw new IllegalArgumentException("record ends early");
      }
    }
  }
}
