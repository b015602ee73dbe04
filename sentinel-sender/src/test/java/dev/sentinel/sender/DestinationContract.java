package dev.sentinel.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * What every destination must do, whatever it speaks: be found by its type name, report bad options
 * as config errors naming the key, deliver an empty batch without a word to the receiver, survive a
 * second {@code close()}, and answer a receiver that is down with a retry, never an exception.
 * Extend it once per destination ({@code FileDestinationContractTest}); HTTP destinations extend
 * {@link HttpDestinationContract}. Receivers live on loopback or in a temp dir.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class DestinationContract {
  protected static final String SOURCE = "test.yaml";
  protected static final SenderDefaults DEFAULTS =
      new SenderDefaults(Duration.ofSeconds(2), "Sentinel/contract");

  /** Every sample carries the Sentinel's name ({@code sentinel}), as the engine's do. */
  protected static final List<Sample> ONE_SAMPLE =
      List.of(
          Sample.gauge(
              "contract_up",
              Labels.of("sentinel", "contract-1", "task", "t1"),
              1,
              System.currentTimeMillis()));

  /** Options each of which must give a config error naming {@code key}. */
  public record BadOptions(String key, Map<String, ?> options) {}

  /** Where the destination delivers, for one test: a server on loopback or a file. */
  protected interface Receiver extends AutoCloseable {
    /** Options that deliver here. */
    Map<String, Object> options();

    /** What has arrived so far: requests, or lines written. */
    int received();

    /** Down from now on (a closed port on 127.0.0.1, a path that cannot be written). */
    void stop();

    @Override
    void close();
  }

  /** The provider as registered (public no-argument constructor). */
  protected abstract DestinationProvider provider();

  protected abstract Receiver startReceiver() throws Exception;

  protected abstract List<BadOptions> badOptions();

  protected final String path() {
    return "sender.direct." + provider().type();
  }

  /** The spec as core configures it (finishing the section, so unknown keys are reported). */
  protected final DestinationSpec configure(
      Map<String, ?> options, Problems problems, SenderDefaults defaults) {
    Section section = Section.of(path(), options, problems);
    DestinationSpec spec = provider().configure(section, defaults);
    section.finish();
    return spec;
  }

  /** The spec for {@code options}, which must have no problem. */
  protected final DestinationSpec spec(Map<String, ?> options) {
    Problems problems = new Problems(SOURCE);
    DestinationSpec spec = configure(options, problems, DEFAULTS);
    assertThat(problems.errors()).isEmpty();
    return spec;
  }

  protected final Destination open(Map<String, ?> options) {
    return spec(options).open();
  }

  @Test
  void isRegisteredThroughServiceLoaderByItsTypeName() {
    assertThat(provider().type()).matches("[a-z][a-z0-9_]*");
    assertThat(DestinationRegistry.load().find(provider().type()))
        .get()
        .isInstanceOf(provider().getClass());
  }

  @Test
  void optionsForALiveReceiverGiveNoProblemAndASpecNamedAfterTheType() throws Exception {
    try (Receiver receiver = startReceiver()) {
      Problems problems = new Problems(SOURCE);
      DestinationSpec spec = configure(receiver.options(), problems, DEFAULTS);
      assertThat(problems.errors()).isEmpty();
      assertThat(problems.warnings()).isEmpty();
      assertThat(spec.name()).isEqualTo(provider().type());
      assertThat(spec.describe()).startsWith(provider().type() + ": ").doesNotContain("\n");
      try (Destination d = spec.open()) {
        assertThat(d.name()).isEqualTo(spec.name());
      }
    }
  }

  @Test
  void unknownKeysAreLeftForCoreToReport() throws Exception {
    try (Receiver receiver = startReceiver()) {
      Map<String, Object> options = new HashMap<>(receiver.options());
      options.put("no_such_option", "1");
      Problems problems = new Problems(SOURCE);
      configure(options, problems, DEFAULTS);
      assertThat(problems.errors())
          .singleElement(InstanceOfAssertFactories.STRING)
          .startsWith(SOURCE + ": " + path() + ".no_such_option: unknown key");
    }
  }

  @TestFactory
  Stream<DynamicTest> badOptionsAreConfigErrorsNamingTheKey() {
    assertThat(badOptions()).isNotEmpty();
    return badOptions().stream()
        .map(
            bad ->
                DynamicTest.dynamicTest(
                    bad.key() + " in " + bad.options(),
                    () -> {
                      Problems problems = new Problems(SOURCE);
                      assertThatCode(() -> configure(bad.options(), problems, DEFAULTS))
                          .doesNotThrowAnyException();
                      assertThat(problems.errors())
                          .isNotEmpty()
                          .allMatch(
                              e -> e.startsWith(SOURCE + ": " + path() + "."),
                              "under the destination's path")
                          .anyMatch(
                              e -> e.startsWith(SOURCE + ": " + path() + "." + bad.key() + ": "));
                    }));
  }

  @Test
  void anEmptyBatchIsDeliveredWithoutTouchingTheReceiver() throws Exception {
    try (Receiver receiver = startReceiver();
        Destination d = open(receiver.options())) {
      assertThat(d.send(List.of())).isEqualTo(SendResult.DELIVERED);
      assertThat(receiver.received()).isZero();
    }
  }

  /** Configured while the receiver was up (as at start-up), opened after it went down. */
  private Destination openAfterTheReceiverWentDown(Receiver receiver) {
    DestinationSpec spec = spec(receiver.options());
    receiver.stop();
    return spec.open();
  }

  @Test
  void anEmptyBatchIsDeliveredEvenWithTheReceiverDown() throws Exception {
    try (Receiver receiver = startReceiver();
        Destination d = openAfterTheReceiverWentDown(receiver)) {
      assertThat(d.send(List.of())).isEqualTo(SendResult.DELIVERED);
    }
  }

  @Test
  void aBatchReachesTheReceiver() throws Exception {
    try (Receiver receiver = startReceiver();
        Destination d = open(receiver.options())) {
      assertThat(d.send(ONE_SAMPLE)).isEqualTo(SendResult.DELIVERED);
      assertThat(receiver.received()).isPositive();
    }
  }

  @Test
  void closeTwiceIsHarmless() throws Exception {
    try (Receiver receiver = startReceiver()) {
      Destination unused = open(receiver.options());
      assertThatCode(() -> closeTwice(unused)).as("never used").doesNotThrowAnyException();

      Destination used = open(receiver.options());
      assertThat(used.send(ONE_SAMPLE)).isEqualTo(SendResult.DELIVERED);
      assertThatCode(() -> closeTwice(used)).as("after a delivery").doesNotThrowAnyException();
    }
  }

  private static void closeTwice(Destination d) {
    d.close();
    d.close();
  }

  @Test
  void aDownReceiverIsARetryNotAnException() throws Exception {
    try (Receiver receiver = startReceiver();
        Destination d = openAfterTheReceiverWentDown(receiver)) {
      long t0 = System.nanoTime();
      SendResult[] result = new SendResult[1];
      assertThatCode(() -> result[0] = d.send(ONE_SAMPLE)).doesNotThrowAnyException();
      assertThat(result[0].status()).isEqualTo(SendResult.Status.RETRY);
      assertThat(result[0].reason()).isNotBlank();
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isLessThan(DEFAULTS.timeout().plusSeconds(1));
    }
  }
}
