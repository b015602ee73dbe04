package dev.sentinel.plugins.dns;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.plugins.net.Addresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * One configured dns task: each run sends one query to one server through dnsjava's {@link
 * SimpleResolver} (no search list, no retries; a truncated UDP answer is asked again over TCP, as
 * resolvers do), bounded by the timeout, and turns the response into samples.
 */
final class DnsProbe implements Probe {
  static final String QUERY_NAME = "query_name";
  static final String QUERY_TYPE = "query_type";
  static final String SERVER = "server";
  static final String RCODE = "rcode";
  static final String REASON = "reason";

  /** The fixed values of {@code dns_failure_info{reason}}. */
  enum Reason {
    TIMEOUT,
    RCODE,
    REGEX,
    NETWORK;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final DnsOptions options;

  DnsProbe(DnsOptions options) {
    this.options = options;
  }

  DnsOptions options() {
    return options;
  }

  /** The labels its samples add. */
  static final Set<String> LABELS = Set.of(QUERY_NAME, QUERY_TYPE, SERVER, RCODE, REASON);

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Duration timeout =
        options.timeout() == null || options.timeout().compareTo(ctx.budget()) > 0
            ? ctx.budget()
            : options.timeout();
    ProbeContext.Listener out = ctx.listener();
    long start = System.nanoTime();

    // Where to send: a literal, a host name looked up now, or the system resolver's first server.
    InetSocketAddress address;
    String serverLabel;
    try {
      if (options.server() == null) {
        address = ResolverConfig.getCurrentConfig().server();
        serverLabel = address == null ? "system" : DnsServer.display(address);
        if (address == null) {
          throw new UnknownHostException("no name server in the system resolver configuration");
        }
      } else {
        serverLabel = options.server().display();
        InetAddress ip =
            options.server().literal() != null
                ? options.server().literal()
                : InetAddress.getByName(options.server().host());
        address = new InetSocketAddress(ip, options.server().port());
      }
    } catch (UnknownHostException e) {
      String server = options.server() == null ? "system" : options.server().display();
      ProbeContext c = labelled(ctx, server);
      out.line(
          ";; query "
              + options.queryName()
              + " "
              + options.queryType()
              + " @"
              + server
              + " ("
              + transport()
              + ")");
      String why =
          options.server() == null
              ? e.getMessage()
              : "cannot resolve server " + options.server().host() + ": " + e.getMessage();
      return failed(c, Reason.NETWORK, why, elapsed(start), null);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    ProbeContext c = labelled(ctx, serverLabel);
    out.line(
        ";; query "
            + options.queryName()
            + " "
            + options.queryType()
            + " @"
            + serverLabel
            + " ("
            + transport()
            + ")");

    Message query = Message.newQuery(Record.newRecord(options.name(), options.type(), DClass.IN));
    if (!options.recursionDesired()) {
      query.getHeader().unsetFlag(Flags.RD);
    }
    long sent = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Message response;
    try {
      response = exchange(address, query, deadline, out);
    } catch (SocketTimeoutException e) {
      return timedOut(c, serverLabel, timeout, elapsed(sent));
    } catch (IOException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.toString();
      return failed(
          c, Reason.NETWORK, "query to " + serverLabel + " failed: " + why, elapsed(sent), null);
    }
    return answered(c, response, elapsed(sent));
  }

  /**
   * One query: over UDP through dnsjava's {@link SimpleResolver} (a truncated answer is asked again
   * over TCP in the time left, as resolvers do), or over TCP through {@link DnsTcp}. A timeout is a
   * {@link SocketTimeoutException}.
   */
  private Message exchange(
      InetSocketAddress address, Message query, long deadline, ProbeContext.Listener out)
      throws IOException, InterruptedException {
    if (options.tcp()) {
      return DnsTcp.exchange(address, query, deadline);
    }
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setIgnoreTruncation(true); // the TCP retry is ours (see DnsTcp)
    resolver.setTimeout(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)));
    CompletableFuture<Message> future =
        resolver.sendAsync(query, Runnable::run).toCompletableFuture();
    Message response;
    try {
      response = future.get(Math.max(deadline - System.nanoTime(), 1), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new SocketTimeoutException("timed out");
    } catch (ExecutionException | CancellationException | CompletionException e) {
      Throwable cause = e;
      while ((cause instanceof CompletionException || cause instanceof ExecutionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause.toString(), cause);
    }
    if (response.getHeader().getFlag(Flags.TC)) {
      out.line(";; truncated over udp, asking again over tcp");
      return DnsTcp.exchange(address, query, deadline);
    }
    return response;
  }

  private ProbeResult answered(ProbeContext c, Message response, double ms) {
    ProbeContext.Listener out = c.listener();
    int rcode = response.getRcode();
    List<Record> answers = response.getSection(Section.ANSWER);
    int authority = response.getSection(Section.AUTHORITY).size();
    // The OPT pseudo-record (EDNS) is not a record: left out, as dig's count of ADDITIONAL would.
    int additional =
        (int)
            response.getSection(Section.ADDITIONAL).stream()
                .filter(r -> r.getType() != Type.OPT)
                .count();
    String rcodeName = Rcode.string(rcode);
    out.line(
        String.format(
            Locale.ROOT,
            ";; status %s, %.2f ms, answers %d, authority %d, additional %d",
            rcodeName,
            ms,
            answers.size(),
            authority,
            additional));
    List<String> texts = new ArrayList<>(answers.size());
    for (Record r : answers) {
      String text = zoneLine(r);
      texts.add(text);
      out.line(text);
    }

    List<Sample> samples = new ArrayList<>();
    samples.add(c.gauge("dns_lookup_duration_ms", ms));
    samples.add(c.gauge("dns_rcode", rcode));
    samples.add(c.gauge("dns_rcode_info", 1, RCODE, rcodeName));
    samples.add(c.gauge("dns_answer_records", answers.size()));
    samples.add(c.gauge("dns_authority_records", authority));
    samples.add(c.gauge("dns_additional_records", additional));
    if (!answers.isEmpty()) {
      long minTtl = answers.stream().mapToLong(Record::getTTL).min().orElse(0);
      samples.add(c.gauge("dns_answer_min_ttl_seconds", minTtl));
    }

    String failure = null;
    Reason reason = null;
    if (!options.validRcodes().contains(rcode)) {
      reason = Reason.RCODE;
      failure =
          "rcode "
              + rcodeName
              + " is not one of "
              + options.validRcodes().stream()
                  .sorted()
                  .map(Rcode::string)
                  .collect(Collectors.joining(", "));
    } else if (options.hasRegexes()) {
      failure = regexFailure(texts);
      samples.add(c.gauge("dns_answer_regex_matched", failure == null ? 1 : 0));
      reason = failure == null ? null : Reason.REGEX;
    }
    if (reason == null) {
      samples.add(0, c.gauge("dns_success", 1));
      return ProbeResult.success(samples);
    }
    out.line(";; failed (" + reason.label() + "): " + failure);
    samples.add(0, c.gauge("dns_success", 0));
    samples.add(c.gauge("dns_failure_info", 1, REASON, reason.label()));
    return ProbeResult.failure(failure, samples);
  }

  /**
   * Why the answer records fail the regexes, or {@code null}. As in blackbox_exporter: every answer
   * record must match every {@code fail_if_answer_not_matches} regex (so an empty answer fails
   * them), and no record may match a {@code fail_if_answer_matches} regex. Regexes search
   * (unanchored) the record's zone-file text form.
   */
  String regexFailure(List<String> texts) {
    if (texts.isEmpty() && !options.failIfNotMatches().isEmpty()) {
      return "no answer records to match " + quoted(options.failIfNotMatches().get(0));
    }
    for (String t : texts) {
      for (Pattern p : options.failIfMatches()) {
        if (p.matcher(t).find()) {
          return "answer \"" + t + "\" matches " + quoted(p);
        }
      }
      for (Pattern p : options.failIfNotMatches()) {
        if (!p.matcher(t).find()) {
          return "answer \"" + t + "\" does not match " + quoted(p);
        }
      }
    }
    return null;
  }

  private static String quoted(Pattern p) {
    return "\"" + p.pattern() + "\"";
  }

  /** {@code example.test. 300 IN A 192.0.2.1}: one space between fields, as in dig +nottlunits. */
  static String zoneLine(Record r) {
    String rdata =
        r instanceof AAAARecord aaaa ? ipv6(aaaa.getAddress().getAddress()) : r.rdataToString();
    return r.getName()
        + " "
        + r.getTTL()
        + " "
        + DClass.string(r.getDClass())
        + " "
        + Type.string(r.getType())
        + " "
        + rdata;
  }

  /** The RFC 5952 text form of an IPv6 address ({@code 2001:db8::1}), as dig prints it. */
  static String ipv6(byte[] a) {
    return Addresses.format(a);
  }

  private ProbeResult timedOut(ProbeContext c, String server, Duration timeout, double ms) {
    return failed(
        c,
        Reason.TIMEOUT,
        "no response from "
            + server
            + " within "
            + Durations.format(timeout)
            + " ("
            + transport()
            + ")",
        ms,
        null);
  }

  private ProbeResult failed(
      ProbeContext c, Reason reason, String why, double ms, List<Sample> extra) {
    c.listener().failure(";; failed (" + reason.label() + "): " + why);
    List<Sample> samples = new ArrayList<>();
    samples.add(c.gauge("dns_success", 0));
    samples.add(c.gauge("dns_lookup_duration_ms", ms));
    if (extra != null) {
      samples.addAll(extra);
    }
    samples.add(c.gauge("dns_failure_info", 1, REASON, reason.label()));
    return ProbeResult.failure(why, samples);
  }

  private ProbeContext labelled(ProbeContext ctx, String server) {
    return ctx.withLabels(
        QUERY_NAME, options.queryName(), QUERY_TYPE, options.queryType(), SERVER, server);
  }

  private String transport() {
    return options.tcp() ? "tcp" : "udp";
  }

  private static double elapsed(long since) {
    return (System.nanoTime() - since) / 1e6;
  }
}
