package dev.sentinel.sender.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with Debian's {@code openssl} CLI: a CA, a server certificate for {@code
 * receiver.test} and 127.0.0.1 (RSA key), a client certificate (EC P-256 key), a second CA the
 * server does not know, and a PKCS#1 key for error cases. Keys are PKCS#8 PEM (OpenSSL 3's default).
 */
final class TestCerts {
  static final Path OPENSSL = Path.of("/usr/bin/openssl");
  final Path dir;
  final Path ca;
  final Path serverCert;
  final Path serverKey;
  final Path clientCert;
  final Path clientKey;
  final Path otherCa;
  final Path otherClientCert;
  final Path otherClientKey;
  final Path pkcs1Key;

  private TestCerts(Path dir) {
    this.dir = dir;
    ca = dir.resolve("ca.pem");
    serverCert = dir.resolve("server.pem");
    serverKey = dir.resolve("server.key");
    clientCert = dir.resolve("client.pem");
    clientKey = dir.resolve("client.key");
    otherCa = dir.resolve("other-ca.pem");
    otherClientCert = dir.resolve("other-client.pem");
    otherClientKey = dir.resolve("other-client.key");
    pkcs1Key = dir.resolve("pkcs1.key");
  }

  static TestCerts create(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(OPENSSL)) {
      throw new IllegalStateException("TLS tests need " + OPENSSL + " (apt-get install openssl)");
    }
    TestCerts c = new TestCerts(dir);
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:receiver.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    c.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Sentinel Test CA");
    c.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=Other CA");
    c.run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=receiver.test");
    c.run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
    c.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "client.key");
    c.run("req", "-new", "-key", "client.key", "-out", "client.csr", "-subj", "/CN=sentinel-client");
    c.run("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.pem", "-days", "2", "-extfile", "client.ext");
    c.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other-client.key");
    c.run("req", "-new", "-key", "other-client.key", "-out", "other-client.csr", "-subj", "/CN=intruder");
    c.run("x509", "-req", "-in", "other-client.csr", "-CA", "other-ca.pem", "-CAkey", "other-ca.key", "-CAcreateserial", "-out", "other-client.pem", "-days", "2", "-extfile", "client.ext");
    c.run("genrsa", "-traditional", "-out", "pkcs1.key", "2048");
    return c;
  }

  private void run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(OPENSSL.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + out);
    }
  }
}
