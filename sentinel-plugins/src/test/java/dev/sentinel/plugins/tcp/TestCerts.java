package dev.sentinel.plugins.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.tls.ClientTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A CA, a server certificate (EC P-256, CN=localhost, SAN localhost and 127.0.0.1, 10 days) and a
 * client certificate (RSA), made with the openssl CLI in a temporary directory.
 */
final class TestCerts {
  static final String OPENSSL = "/usr/bin/openssl";
  static final int SERVER_DAYS = 10;

  final Path dir;
  final Path caPem;
  final Path serverPem;
  final Path serverKey;
  final Path clientPem;
  final Path clientKey;
  final Path rsaPkcs1Key;

  TestCerts(Path dir) throws Exception {
    assertThat(Path.of(OPENSSL)).as("the TLS tests need the openssl CLI").isExecutable();
    this.dir = dir;
    caPem = dir.resolve("ca.pem");
    serverPem = dir.resolve("server.pem");
    serverKey = dir.resolve("server.key");
    clientPem = dir.resolve("client.pem");
    clientKey = dir.resolve("client.key");
    rsaPkcs1Key = dir.resolve("rsa-pkcs1.key");
    Path caKey = dir.resolve("ca.key");
    Files.writeString(dir.resolve("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", caPem.toString(),
        "-days", "30", "-subj", "/CN=Sentinel Test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", serverKey.toString(), "-out", dir.resolve("server.csr").toString(), "-subj", "/O=Sentinel/CN=localhost");
    openssl("x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", caPem.toString(),
        "-CAkey", caKey.toString(), "-CAcreateserial", "-out", serverPem.toString(), "-days", Integer.toString(SERVER_DAYS),
        "-extfile", dir.resolve("server.ext").toString());
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", clientKey.toString(),
        "-out", dir.resolve("client.csr").toString(), "-subj", "/CN=sentinel-client");
    openssl("x509", "-req", "-in", dir.resolve("client.csr").toString(), "-CA", caPem.toString(),
        "-CAkey", caKey.toString(), "-CAcreateserial", "-out", clientPem.toString(), "-days", "5",
        "-extfile", dir.resolve("client.ext").toString());
    openssl("genrsa", "-traditional", "-out", rsaPkcs1Key.toString(), "2048");
  }

  private void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(OPENSSL));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
  }

  X509Certificate server() throws Exception {
    return ClientTls.certificates("server", serverPem).get(0);
  }

  /** A TLS server socket on loopback with the server certificate; optionally requiring a client one. */
  SSLServerSocket serverSocket(boolean needClientAuth) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    List<Certificate> chain = new ArrayList<>(ClientTls.certificates("server", serverPem));
    chain.addAll(ClientTls.certificates("ca", caPem));
    ks.setKeyEntry("server", ClientTls.privateKey(serverKey), new char[0], chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ClientTls.certificates("ca", caPem).get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    s.setNeedClientAuth(needClientAuth);
    return s;
  }

}
