package dev.sentinel.plugins.http;

import dev.sentinel.core.tls.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away PKI for the TLS tests, made with the {@code openssl} CLI (and {@code keytool} for
 * the expired certificate, which OpenSSL 3.0 cannot back-date): a CA, a server certificate for
 * 127.0.0.1 and {@code probe.test}, a client certificate, a self-signed server certificate and an
 * expired self-signed one.
 */
final class TestPki {
  static final Path OPENSSL = Path.of("/usr/bin/openssl");
  final Path dir;
  final Path ca;
  final Path serverCert;
  final Path serverKey;
  final Path clientCert;
  final Path clientKey;
  final Path selfSignedCert;
  final Path selfSignedKey;
  final Path expiredStore;
  final Path expiredCa;

  private TestPki(Path dir) {
    this.dir = dir;
    ca = dir.resolve("ca.pem");
    serverCert = dir.resolve("server.pem");
    serverKey = dir.resolve("server.key");
    clientCert = dir.resolve("client.pem");
    clientKey = dir.resolve("client.key");
    selfSignedCert = dir.resolve("self.pem");
    selfSignedKey = dir.resolve("self.key");
    expiredStore = dir.resolve("expired.p12");
    expiredCa = dir.resolve("expired-ca.pem");
  }

  static TestPki create(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(OPENSSL)) {
      throw new IllegalStateException("the TLS tests need " + OPENSSL + " (apt-get install openssl)");
    }
    TestPki p = new TestPki(dir);
    Files.writeString(dir.resolve("server.ext"),
        "subjectAltName=DNS:probe.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    p.run(OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "30", "-subj", "/CN=Sentinel Probe Test CA");
    p.run(OPENSSL.toString(), "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=probe.test");
    p.run(OPENSSL.toString(), "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "20", "-extfile", "server.ext");
    p.run(OPENSSL.toString(), "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "client.key");
    p.run(OPENSSL.toString(), "req", "-new", "-key", "client.key", "-out", "client.csr", "-subj", "/CN=sentinel-probe");
    p.run(OPENSSL.toString(), "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "client.pem", "-days", "20", "-extfile", "client.ext");
    p.run(OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key", "-out", "self.pem",
        "-days", "10", "-subj", "/CN=self.test", "-addext", "subjectAltName=IP:127.0.0.1");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    // An expired server certificate issued by a valid CA (a trust anchor's own dates are not checked).
    String[] store = {"-keystore", "work.p12", "-storetype", "PKCS12", "-storepass", "changeit"};
    p.keytool(store, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=Expired Test CA", "-ext", "bc:c", "-validity", "30");
    p.keytool(store, "-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=expired.test", "-validity", "30");
    p.keytool(store, "-certreq", "-alias", "leaf", "-file", "leaf.csr");
    p.keytool(store, "-gencert", "-alias", "ca", "-infile", "leaf.csr", "-outfile", "leaf.pem", "-rfc",
        "-startdate", "-10d", "-validity", "2", "-ext", "san=ip:127.0.0.1");
    p.keytool(store, "-importcert", "-alias", "leaf", "-file", "leaf.pem", "-noprompt");
    p.keytool(store, "-exportcert", "-rfc", "-alias", "ca", "-file", "expired-ca.pem");
    p.run(keytool(), "-importkeystore", "-srckeystore", "work.p12", "-srcstoretype", "PKCS12",
        "-srcstorepass", "changeit", "-srcalias", "leaf", "-destkeystore", "expired.p12",
        "-deststoretype", "PKCS12", "-deststorepass", "changeit", "-noprompt");
    return p;
  }

  private static String keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
  }

  private void keytool(String[] store, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(keytool());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of(store));
    run(cmd.toArray(new String[0]));
  }

  private void run(String... cmd) throws IOException, InterruptedException {
    Process proc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(60, TimeUnit.SECONDS) || proc.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }

  /** A server socket factory presenting {@code cert}/{@code key}, trusting the CA (for client certs). */
  SSLSocketFactory server(Path cert, Path key) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    List<X509Certificate> chain = new ArrayList<>(Pem.certificates(Files.readAllBytes(cert)));
    ks.setKeyEntry("server", Pem.privateKey(Files.readAllBytes(key)), "x".toCharArray(),
        chain.toArray(new X509Certificate[0]));
    return context(ks, "x".toCharArray()).getSocketFactory();
  }

  SSLSocketFactory expiredServer() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(expiredStore)) {
      ks.load(in, "changeit".toCharArray());
    }
    return context(ks, "changeit".toCharArray()).getSocketFactory();
  }

  private SSLContext context(KeyStore keys, char[] pw) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, pw);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", Pem.certificates(Files.readAllBytes(ca)).get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return c;
  }
}
