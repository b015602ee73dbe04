package dev.sentinel.plugins.ping;

import dev.sentinel.plugins.ping.echo.Reply;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of Linux iputils {@code ping -n -O} (also the older {@code unknown host} form
 * and BusyBox's {@code bad address}). Pure: no I/O. Feed lines to a {@link Session} as they arrive,
 * then {@link Session#finish}.
 *
 * <p>Counts come from the summary line when ping printed it. When it did not (ping was killed),
 * they are computed from the reply and "no answer yet" lines.
 */
public final class IputilsParser {
  // PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.   /   PING ::1(::1) 56 data bytes
  private static final Pattern HEADER = Pattern.compile("^PING (\\S+?) ?\\(([^)\\s]+)\\)");
  // 64 bytes from localhost (127.0.0.1): icmp_seq=1 ttl=64 time=0.045 ms (DUP!)
  private static final Pattern REPLY =
      Pattern.compile(
          "(\\d+) bytes from (.+?): icmp_seq=(\\d+)(?: (?:ttl|hlim)=(\\d+))?(?:"
              + " time=(\\d+(?:\\.\\d+)?) ms)?(.*)$");
  private static final Pattern NO_ANSWER = Pattern.compile("^no answer yet for icmp_seq=(\\d+)");
  // From 10.0.0.1 icmp_seq=1 Destination Host Unreachable
  private static final Pattern ICMP_ERROR = Pattern.compile("^From \\S+.*? icmp_seq=(\\d+) ");
  private static final Pattern SUMMARY =
      Pattern.compile("^(\\d+) packets transmitted, (\\d+) (?:packets )?received");
  private static final Pattern DUPLICATES = Pattern.compile(", \\+(\\d+) duplicates");
  private static final Pattern LOSS =
      Pattern.compile(", (\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)% packet loss");
  private static final Pattern RTT =
      Pattern.compile(
          "^(?:rtt|round-trip) min/avg/max(?:/\\w+)? ="
              + " (\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?)");
  private static final Pattern OLD_UNKNOWN = Pattern.compile("^ping: unknown host (.+)$");
  private static final Pattern BAD_ADDRESS = Pattern.compile("^ping: bad address '(.+)'$");
  private static final Pattern PING_ERROR = Pattern.compile("^ping: (.+)$");
  private static final List<String> RESOLVER_ERRORS =
      List.of(
          "Name or service not known",
          "Temporary failure in name resolution",
          "No address associated with hostname",
          "Address family for hostname not supported",
          "Name has no usable address",
          "Unknown host",
          "Unknown server error");

  private IputilsParser() {}

  /** Parses a whole output at once (tests, or a ping that was already finished). */
  public static PingOutcome parse(String host, String output, ReplyListener listener) {
    Session session = new Session(host, listener);
    output.lines().forEach(session::accept);
    return session.finish();
  }

  public static PingOutcome parse(String host, String output) {
    return parse(host, output, ReplyListener.NONE);
  }

  /** Parses one run line by line, reporting each reply or timeout to a listener right away. */
  public static final class Session {
    private final String host;
    private final ReplyListener listener;
    private String address;
    private final BitSet answered = new BitSet();
    private final BitSet reported = new BitSet();
    private int highestSeq;
    private int duplicates;
    private int timedReplies;
    private double minMs = Double.POSITIVE_INFINITY;
    private double maxMs;
    private double sumMs;
    private boolean summary;
    private int sumTransmitted;
    private int sumReceived;
    private int sumDuplicates;
    private double sumLoss = -1;
    private PingOutcome.Rtt rttLine;
    private String unknownHost;
    private String pingError;
    private String lastLine = "";

    public Session(String host, ReplyListener listener) {
      this.host = host;
      this.listener = listener;
    }

    /** Takes one output line (without its line break). */
    public void accept(String raw) {
      String line = raw.strip();
      if (line.isEmpty()) {
        return;
      }
      lastLine = line;
      Matcher m;
      if ((m = REPLY.matcher(line)).find()) {
        reply(m);
      } else if ((m = NO_ANSWER.matcher(line)).find()) {
        int seq = Integer.parseInt(m.group(1));
        highestSeq = Math.max(highestSeq, seq);
        if (!answered.get(seq) && !reported.get(seq)) {
          reported.set(seq);
          listener.noReply(seq);
        }
      } else if ((m = HEADER.matcher(line)).find()) {
        address = m.group(2);
        listener.resolved(host, address);
      } else if ((m = SUMMARY.matcher(line)).find()) {
        summary = true;
        sumTransmitted = Integer.parseInt(m.group(1));
        sumReceived = Integer.parseInt(m.group(2));
        Matcher d = DUPLICATES.matcher(line);
        sumDuplicates = d.find() ? Integer.parseInt(d.group(1)) : 0;
        Matcher l = LOSS.matcher(line);
        sumLoss = l.find() ? Double.parseDouble(l.group(1)) : -1;
      } else if ((m = RTT.matcher(line)).find()) {
        rttLine =
            new PingOutcome.Rtt(
                Double.parseDouble(m.group(1)),
                Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)));
      } else if ((m = ICMP_ERROR.matcher(line)).find()) {
        highestSeq = Math.max(highestSeq, Integer.parseInt(m.group(1)));
        listener.notice(line);
      } else if (line.startsWith("ping: ") || line.startsWith("ping6: ")) {
        pingError(line.startsWith("ping6: ") ? "ping: " + line.substring(7) : line);
      }
    }

    private void reply(Matcher m) {
      int seq = Integer.parseInt(m.group(3));
      int ttl = m.group(4) == null ? -1 : Integer.parseInt(m.group(4));
      double time = m.group(5) == null ? -1 : Double.parseDouble(m.group(5));
      boolean dup = m.group(6).contains("(DUP!)") || answered.get(seq);
      highestSeq = Math.max(highestSeq, seq);
      Reply reply = new Reply(Integer.parseInt(m.group(1)), m.group(2), seq, ttl, time, dup);
      if (dup) {
        duplicates++;
      } else {
        answered.set(seq);
        if (time >= 0) {
          timedReplies++;
          sumMs += time;
          minMs = Math.min(minMs, time);
          maxMs = Math.max(maxMs, time);
        }
      }
      listener.reply(reply);
    }

    private void pingError(String line) {
      Matcher m;
      if ((m = OLD_UNKNOWN.matcher(line)).matches() || (m = BAD_ADDRESS.matcher(line)).matches()) {
        unknownHost = "unknown host " + m.group(1).strip();
        return;
      }
      String rest = line.substring("ping: ".length());
      for (String resolverError : RESOLVER_ERRORS) {
        if (rest.endsWith(": " + resolverError)) {
          String name = rest.substring(0, rest.length() - resolverError.length() - 2);
          unknownHost = "unknown host " + name + " (" + resolverError + ")";
          return;
        }
      }
      if (rest.startsWith(host + ": ")) { // another resolver message we do not know by heart
        unknownHost = "unknown host " + host + " (" + rest.substring(host.length() + 2) + ")";
        return;
      }
      Matcher e = PING_ERROR.matcher(line);
      pingError = e.matches() ? line : pingError;
    }

    /** The outcome of a ping that exited normally. */
    public PingOutcome finish() {
      return finish(null);
    }

    /**
     * The outcome; {@code abortReason} says why ping was stopped early (then the summary is usually
     * missing), or is {@code null} when it exited by itself.
     */
    public PingOutcome finish(String abortReason) {
      int transmitted = summary ? sumTransmitted : highestSeq;
      int received = summary ? sumReceived : answered.cardinality();
      int dups = summary ? Math.max(sumDuplicates, duplicates) : duplicates;
      double loss;
      if (summary && sumLoss >= 0) {
        loss = sumLoss;
      } else if (transmitted > 0) {
        loss = (transmitted - Math.min(received, transmitted)) * 100.0 / transmitted;
      } else {
        loss = 100;
      }
      loss = Math.max(0, Math.min(100, loss));
      PingOutcome.Rtt rtt = rttLine;
      if (rtt == null && timedReplies > 0) {
        rtt = new PingOutcome.Rtt(minMs, sumMs / timedReplies, maxMs);
      }
      if (received == 0) {
        rtt = null; // never report times without replies
      }
      // -O reports an unanswered echo only when the next one is sent: report the rest now.
      for (int seq = 1; seq <= transmitted; seq++) {
        if (!answered.get(seq) && !reported.get(seq)) {
          reported.set(seq);
          listener.noReply(seq);
        }
      }
      String error = "";
      if (unknownHost != null) {
        error = unknownHost;
      } else if (received == 0 && pingError != null) {
        error = pingError;
      } else if (received == 0 && transmitted == 0) {
        if (abortReason != null) {
          error = abortReason;
        } else if (!summary) {
          error = "ping printed no result" + (lastLine.isEmpty() ? "" : ": " + lastLine);
        }
      }
      return new PingOutcome(host, address, transmitted, received, dups, loss, rtt, error);
    }
  }

  /** Formats a loss percentage like ping's {@code %g}: {@code 0}, {@code 33.3333}, {@code 100}. */
  public static String formatPercent(double percent) {
    if (percent == Math.rint(percent)) {
      return String.format(Locale.ROOT, "%d", (long) percent);
    }
    return new BigDecimal(percent).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** Formats a round-trip time like ping: 3 decimals below 1 ms, fewer above, none from 100 ms. */
  public static String formatTime(double ms) {
    if (ms >= 100) {
      return String.format(Locale.ROOT, "%d", (long) ms);
    }
    if (ms >= 10) {
      return String.format(Locale.ROOT, "%.1f", ms);
    }
    if (ms >= 1) {
      return String.format(Locale.ROOT, "%.2f", ms);
    }
    return String.format(Locale.ROOT, "%.3f", ms);
  }
}
