package dev.sentinel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A throw-away PKI for TLS tests, made with the {@code openssl} CLI in a directory the test owns:
 * one CA, and the certificates a test asks for, issued by it ({@link #issue}) or self-signed
 * ({@link #selfSigned}): server or client, RSA, EC P-256 or Ed25519 keys, any validity, or expired.
 * Keys are unencrypted PKCS#8 PEM; {@link #legacyKey} writes one as PKCS#1 ({@code RSA PRIVATE
 * KEY}) or SEC1 ({@code EC PRIVATE KEY}). A second, unrelated PKI is another {@code create}
 * (another CA name and directory). {@link #context} and {@link #serverSocket} serve a certificate
 * on loopback. Fails, never skips, without {@code /usr/bin/openssl}.
 */
public final class TestPki {
  public static final Path OPENSSL = Path.of("/usr/bin/openssl");

  /** How long a leaf is valid unless its {@link Leaf} says otherwise. */
  public static final int DEFAULT_DAYS = 10;

  /** The CA outlives every leaf, so a chain's earliest expiry is the leaf's. */
  private static final int CA_DAYS = 3650;

  private static final DateTimeFormatter ASN1_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  public enum KeyType {
    RSA("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"),
    EC("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"),
    ED25519("-algorithm", "ED25519");

    private final List<String> genpkey;

    KeyType(String... genpkey) {
      this.genpkey = List.of(genpkey);
    }
  }

  public enum Usage {
    SERVER,
    CLIENT
  }

  /**
   * What to put in a certificate. {@code dnsNames} and {@code ipAddresses} are its subject
   * alternative names; a {@code lapsed} one (see {@link #expired()}) was valid from 10 until 8 days
   * ago, else it is valid from now for {@code days}.
   */
  public record Leaf(
      String commonName,
      Usage usage,
      KeyType keyType,
      int days,
      boolean lapsed,
      List<String> dnsNames,
      List<String> ipAddresses) {
    public Leaf {
      dnsNames = List.copyOf(dnsNames);
      ipAddresses = List.copyOf(ipAddresses);
      if (!commonName.matches("[A-Za-z0-9 .-]+")) {
        throw new IllegalArgumentException(
            "commonName: letters, digits, spaces, dots and dashes only");
      }
      if (days < 1) {
        throw new IllegalArgumentException("days must be at least 1");
      }
    }

    /** serverAuth, RSA, {@value #DEFAULT_DAYS} days, for {@code commonName}, 127.0.0.1 and ::1. */
    public static Leaf server(String commonName) {
      return new Leaf(
          commonName,
          Usage.SERVER,
          KeyType.RSA,
          DEFAULT_DAYS,
          false,
          List.of(commonName),
          List.of("127.0.0.1", "::1"));
    }

    /** clientAuth, EC P-256, {@value #DEFAULT_DAYS} days, no alternative names. */
    public static Leaf client(String commonName) {
      return new Leaf(
          commonName, Usage.CLIENT, KeyType.EC, DEFAULT_DAYS, false, List.of(), List.of());
    }

    public Leaf withKey(KeyType type) {
      return new Leaf(commonName, usage, type, days, lapsed, dnsNames, ipAddresses);
    }

    public Leaf validFor(int validDays) {
      return new Leaf(commonName, usage, keyType, validDays, lapsed, dnsNames, ipAddresses);
    }

    public Leaf expired() {
      return new Leaf(commonName, usage, keyType, days, true, dnsNames, ipAddresses);
    }

    public Leaf withNames(List<String> dns, List<String> ips) {
      return new Leaf(commonName, usage, keyType, days, lapsed, dns, ips);
    }
  }

  /**
   * A certificate ({@code certificate}: the leaf alone, {@code chain}: leaf then issuer) and its
   * key.
   */
  public record Identity(Leaf leaf, Path certificate, Path chain, Path key) {
    public X509Certificate x509() {
      return certificates(certificate).get(0);
    }
  }

  private final Path dir;
  private final Path ca;
  private int serial;
  private Identity server;
  private Identity client;

  private TestPki(Path dir) {
    this.dir = dir;
    this.ca = dir.resolve("ca.pem");
  }

  /** A CA named "Sentinel Test CA" in {@code dir}. */
  public static TestPki create(Path dir) {
    return create(dir, "Sentinel Test CA");
  }

  /** A CA named {@code caName} in {@code dir} (created if missing; one PKI per directory). */
  public static TestPki create(Path dir, String caName) {
    if (!Files.isExecutable(OPENSSL)) {
      throw new IllegalStateException("TLS tests need " + OPENSSL + " (apt-get install openssl)");
    }
    TestPki pki = new TestPki(dir);
    try {
      Files.createDirectories(dir.resolve("issued"));
      Files.writeString(dir.resolve("index.txt"), "");
      Files.writeString(dir.resolve("serial"), "1000\n");
      Files.writeString(
          dir.resolve("ca.cnf"),
          String.join(
              "\n",
              "[ca]",
              "default_ca = test_ca",
              "[test_ca]",
              "database = index.txt",
              "serial = serial",
              "new_certs_dir = issued",
              "default_md = default",
              "policy = any",
              "unique_subject = no",
              "[any]",
              "commonName = supplied",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pki.openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        Integer.toString(CA_DAYS),
        "-subj",
        "/CN=" + caName,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    return pki;
  }

  /** The CA certificate (PEM): what a client puts in {@code ca_file}. */
  public Path ca() {
    return ca;
  }

  /** {@code Leaf.server("localhost")} issued by the CA, made once. */
  public synchronized Identity server() {
    if (server == null) {
      server = issue(Leaf.server("localhost"));
    }
    return server;
  }

  /** {@code Leaf.client("sentinel-client")} issued by the CA, made once. */
  public synchronized Identity client() {
    if (client == null) {
      client = issue(Leaf.client("sentinel-client"));
    }
    return client;
  }

  /** A new certificate for {@code leaf}, signed by the CA. */
  public Identity issue(Leaf leaf) {
    return make(leaf, false);
  }

  /** A new certificate for {@code leaf}, signed by its own key (its chain is itself). */
  public Identity selfSigned(Leaf leaf) {
    return make(leaf, true);
  }

  private synchronized Identity make(Leaf leaf, boolean selfSigned) {
    String name = "leaf-" + ++serial + "-" + leaf.commonName().replaceAll("[^A-Za-z0-9.-]", "_");
    List<String> ext =
        new ArrayList<>(
            List.of(
                "basicConstraints=CA:FALSE",
                "extendedKeyUsage="
                    + (leaf.usage() == Usage.SERVER ? "serverAuth" : "clientAuth")));
    List<String> names = new ArrayList<>();
    leaf.dnsNames().forEach(n -> names.add("DNS:" + n));
    leaf.ipAddresses().forEach(n -> names.add("IP:" + n));
    if (!names.isEmpty()) {
      ext.add("subjectAltName=" + String.join(",", names));
    }
    Instant now = Instant.now();
    Instant notBefore =
        leaf.lapsed() ? now.minus(Duration.ofDays(10)) : now.minus(Duration.ofMinutes(5));
    Instant notAfter =
        leaf.lapsed() ? now.minus(Duration.ofDays(8)) : now.plus(Duration.ofDays(leaf.days()));
    List<String> genpkey = new ArrayList<>(List.of("genpkey"));
    genpkey.addAll(leaf.keyType().genpkey);
    genpkey.addAll(List.of("-out", name + ".key"));
    openssl(genpkey.toArray(new String[0]));
    openssl(
        "req",
        "-new",
        "-key",
        name + ".key",
        "-subj",
        "/CN=" + leaf.commonName(),
        "-out",
        name + ".csr");
    write(name + ".ext", String.join("\n", ext) + "\n");
    List<String> sign =
        new ArrayList<>(
            List.of(
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-notext",
                "-in",
                name + ".csr",
                "-out",
                name + ".pem",
                "-extfile",
                name + ".ext",
                "-startdate",
                ASN1_TIME.format(notBefore),
                "-enddate",
                ASN1_TIME.format(notAfter)));
    sign.addAll(
        selfSigned
            ? List.of("-selfsign", "-keyfile", name + ".key")
            : List.of("-cert", "ca.pem", "-keyfile", "ca.key"));
    openssl(sign.toArray(new String[0]));
    Path cert = dir.resolve(name + ".pem");
    Path chain = cert;
    if (!selfSigned) {
      chain = dir.resolve(name + "-chain.pem");
      write(chain.getFileName().toString(), read(cert) + read(ca));
    }
    return new Identity(leaf, cert, chain, dir.resolve(name + ".key"));
  }

  /** {@code identity}'s key in the format before PKCS#8: PKCS#1 for RSA, SEC1 for EC. */
  public Path legacyKey(Identity identity) {
    if (identity.leaf().keyType() == KeyType.ED25519) {
      throw new IllegalArgumentException("Ed25519 keys exist only as PKCS#8");
    }
    Path out = dir.resolve(identity.key().getFileName() + ".legacy");
    openssl("pkey", "-in", identity.key().toString(), "-traditional", "-out", out.toString());
    return out;
  }

  /**
   * A context presenting {@code identity}'s chain and trusting this CA for the peer's: a server's
   * (client certificates are checked if the server asks for them) or a client's.
   */
  public SSLContext context(Identity identity) {
    return PkiContexts.context(identity, ca);
  }

  /** A TLS server socket on 127.0.0.1 (any free port) presenting {@code identity}. */
  public SSLServerSocket serverSocket(Identity identity, boolean needClientAuth)
      throws IOException {
    SSLServerSocket s =
        (SSLServerSocket) context(identity).getServerSocketFactory().createServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    s.setNeedClientAuth(needClientAuth);
    return s;
  }

  /** Every certificate in a PEM file, in order. */
  public static List<X509Certificate> certificates(Path pem) {
    return PkiContexts.certificates(pem);
  }

  private void openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(OPENSSL.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed in " + dir + ":\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
    }
  }

  private void write(String file, String text) {
    try {
      Files.writeString(dir.resolve(file), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
