package dev.sentinel.plugins.tcp;

import dev.sentinel.plugins.tcp.TcpFailure.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The query_response dialogue of a run, played in order on the connected (or TLS) socket: a send
 * step writes its text, an expect step reads lines until one matches. The first step that fails
 * ends the run with a {@link TcpFailure} that names it.
 */
final class TcpDialogue {
  private final TcpDeadline deadline;
  private final TcpReport report;

  TcpDialogue(TcpDeadline deadline, TcpReport report) {
    this.deadline = deadline;
    this.report = report;
  }

  void play(List<TcpOptions.Step> steps, Socket io) throws InterruptedException, TcpFailure {
    if (steps.isEmpty()) {
      return;
    }
    InputStream in;
    OutputStream out;
    try {
      in = io.getInputStream();
      out = io.getOutputStream();
    } catch (IOException e) {
      TcpFailure.rethrowInterrupt(e);
      throw new TcpFailure(Reason.CLOSED, "connection closed: " + TcpFailure.message(e));
    }
    LineReader lines = new LineReader(in);
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof TcpOptions.Send send) {
        send(i, send, out);
      } else {
        expect(i, (TcpOptions.Expect) steps.get(i), io, lines);
      }
    }
  }

  private void send(int i, TcpOptions.Send step, OutputStream out)
      throws InterruptedException, TcpFailure {
    try {
      out.write(step.text().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      TcpFailure.rethrowInterrupt(e);
      report.sendFailed(step.text());
      if (deadline.expired()) {
        throw new TcpFailure(
            Reason.TIMEOUT, "query_response[" + i + "]: could not send " + deadline.within(), i);
      }
      throw new TcpFailure(
          Reason.CLOSED,
          "query_response[" + i + "]: connection closed while sending: " + TcpFailure.message(e),
          i);
    }
    report.sent(step.text());
  }

  private void expect(int i, TcpOptions.Expect step, Socket io, LineReader lines)
      throws InterruptedException, TcpFailure {
    String pattern = "/" + step.regex().pattern() + "/";
    String last = null;
    int skipped = 0;
    try {
      while (true) {
        if (deadline.remainingNanos() <= 0) {
          throw new SocketTimeoutException();
        }
        io.setSoTimeout(deadline.remainingMillis());
        String line = lines.readLine();
        if (line == null) {
          if (last == null) {
            report.expectClosed(pattern);
            throw new TcpFailure(
                Reason.CLOSED,
                "query_response[" + i + "]: connection closed before " + pattern + " matched",
                i);
          }
          report.expectFailed(pattern, last);
          throw new TcpFailure(
              Reason.EXPECT,
              "query_response["
                  + i
                  + "]: expected "
                  + pattern
                  + ", got \""
                  + TcpReport.clip(last)
                  + "\" and then the connection closed",
              i);
        }
        if (step.regex().matcher(line).find()) {
          report.matched(pattern, line, skipped);
          return;
        }
        last = line;
        skipped++;
      }
    } catch (IOException e) {
      TcpFailure.rethrowInterrupt(e);
      boolean timedOut = e instanceof SocketTimeoutException || deadline.expired();
      if (last == null && lines.hasPartial()) {
        last = lines.partial();
      }
      if (last != null) {
        // Something arrived, but not what was expected: the expectation is what failed.
        report.expectFailed(pattern, last);
        throw new TcpFailure(
            Reason.EXPECT,
            "query_response["
                + i
                + "]: expected "
                + pattern
                + ", got \""
                + TcpReport.clip(last)
                + "\""
                + (timedOut
                    ? " (nothing else " + deadline.within() + ")"
                    : " (then " + TcpFailure.message(e) + ")"),
            i);
      }
      if (timedOut) {
        report.expectTimedOut(pattern, deadline.timeout());
        throw new TcpFailure(
            Reason.TIMEOUT,
            "query_response["
                + i
                + "]: expected "
                + pattern
                + ", nothing received "
                + deadline.within(),
            i);
      }
      report.expectClosed(pattern);
      throw new TcpFailure(
          Reason.CLOSED,
          "query_response["
              + i
              + "]: connection closed before "
              + pattern
              + " matched: "
              + TcpFailure.message(e),
          i);
    }
  }
}
