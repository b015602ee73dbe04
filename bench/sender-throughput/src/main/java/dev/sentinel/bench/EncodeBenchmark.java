package dev.sentinel.bench;

import dev.sentinel.core.model.Sample;
import dev.sentinel.sender.remotewrite.RemoteWriteEncoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Remote write 1.0 encoding of one batch of 1000 samples (100 series x 10 timestamps, 9 labels
 * each) with the real {@link RemoteWriteEncoder}. One thread, and each operation is one sample
 * ({@code @OperationsPerInvocation(1000)}), so the score is samples/s per core. The fork has the
 * daemon's heap and collector (bin/sentinel start: -Xmx256m, SerialGC, which collects on this core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EncodeBenchmark.BATCH)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EncodeBenchmark {
  static final int SERIES = 100;
  static final int STEPS = 10;
  static final int BATCH = SERIES * STEPS;

  private List<Sample> batch;

  @Setup
  public void setUp() {
    batch = new Workload(SERIES).batch(STEPS, 1_763_700_000_000L);
    if (batch.size() != BATCH) {
      throw new IllegalStateException("batch of " + batch.size());
    }
  }

  /** What RemoteWriteDestination.send does before the POST: group, protobuf, snappy. */
  @Benchmark
  public byte[] encode() {
    return RemoteWriteEncoder.encode(batch);
  }

  /** The same without Snappy: group and serialize the protobuf message. */
  @Benchmark
  public byte[] protobufOnly() {
    return RemoteWriteEncoder.writeRequest(batch).toByteArray();
  }
}
