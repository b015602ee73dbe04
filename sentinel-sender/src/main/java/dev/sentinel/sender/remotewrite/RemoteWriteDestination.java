package dev.sentinel.sender.remotewrite;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Sample;
import dev.sentinel.sender.http.HttpOptions;
import dev.sentinel.sender.http.HttpTransport;
import java.util.List;
import java.util.Map;

/**
 * Sends each batch as one Remote Write 1.0 request (protobuf + snappy block) over {@link
 * HttpTransport}. Used by both {@code victoria_metrics} and {@code prometheus}.
 */
public final class RemoteWriteDestination implements Destination {
  public static final String CONTENT_TYPE = "application/x-protobuf";
  static final Map<String, String> PROTOCOL_HEADERS =
      Map.of("Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "0.1.0");

  private final String name;
  private final HttpTransport transport;

  public RemoteWriteDestination(String name, HttpOptions http, SenderDefaults defaults) {
    this.name = name;
    this.transport = new HttpTransport(http, defaults);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SendResult send(List<Sample> batch) {
    if (batch.isEmpty()) {
      return SendResult.DELIVERED;
    }
    byte[] body;
    try {
      body = RemoteWriteEncoder.encode(batch);
    } catch (RuntimeException e) {
      return SendResult.rejected("cannot encode the batch: " + e);
    }
    return transport.post(body, CONTENT_TYPE, PROTOCOL_HEADERS);
  }

  @Override
  public void close() {
    transport.close();
  }
}
