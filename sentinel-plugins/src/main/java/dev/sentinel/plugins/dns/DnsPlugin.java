package dev.sentinel.plugins.dns;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import java.util.Optional;

/**
 * The {@code dns} plugin: one DNS query per run to one server (blackbox_exporter's dns module,
 * pushed), checking the rcode and optionally the answer records. Options are documented in this
 * module's README. dnsjava is used only in this package.
 */
public final class DnsPlugin implements Plugin {
  public static final String TYPE = "dns";

  @Override
  public Optional<TriggerSpec> trigger() {
    return Optional.of(DnsTrigger.spec());
  }

  @Override
  public dev.sentinel.core.plugin.StatusView statusView() {
    return dev.sentinel.core.plugin.StatusView.line(
        java.util.List.of(),
        java.util.List.of(
            new dev.sentinel.core.plugin.StatusView.KeyValue("dns_rcode", "Rcode", ""),
            new dev.sentinel.core.plugin.StatusView.KeyValue(
                "dns_lookup_duration_ms", "Lookup", "ms"),
            new dev.sentinel.core.plugin.StatusView.KeyValue("dns_answer_records", "Answers", "")),
        "dns_lookup_duration_ms",
        "dns_success");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ProbeSpec configure(Section options, TaskInfo task) {
    DnsOptions parsed = DnsOptions.parse(options);
    if (parsed.timeout() != null) {
      task.checkFits(options, "timeout", parsed.timeout());
    }
    return ProbeSpec.of(DnsProbe.LABELS, 20, () -> new DnsProbe(parsed));
  }
}
