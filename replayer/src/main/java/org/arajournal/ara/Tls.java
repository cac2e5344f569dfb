package org.arajournal.ara;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of {@link AraSettings}: which server certificates to trust (system, a CA bundle, or
 * any in insecure mode) and which client certificate to present.
 */
record Tls(SSLSocketFactory socketFactory, X509TrustManager trustManager, boolean insecure) {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final char[] NO_PASSWORD = new char[0];

  /** Builds the TLS configuration for {@code settings}; throws naming the file that is wrong. */
  static Tls of(AraSettings settings) {
    try {
      X509TrustManager trust = settings.insecure() ? new TrustEverything()
          : settings.ca() != null ? trustOnly(settings.ca()) : systemTrust();
      KeyManager[] keys = settings.cert() != null ? clientKeys(settings.cert(), settings.key()) : null;
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return new Tls(context.getSocketFactory(), trust, settings.insecure());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS for " + settings.server() + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager systemTrust() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    return firstX509(factory.getTrustManagers());
  }

  private static X509TrustManager trustOnly(Path caBundle) throws GeneralSecurityException {
    Collection<? extends Certificate> cas = certificates(caBundle, "ARA_API_CA (--ca)");
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    load(store);
    int i = 0;
    for (Certificate ca : cas) {
      store.setCertificateEntry("ca-" + i++, ca);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return firstX509(factory.getTrustManagers());
  }

  private static KeyManager[] clientKeys(Path certFile, Path keyFile) throws GeneralSecurityException {
    List<Certificate> chain = new ArrayList<>(certificates(certFile, "ARA_API_CERT (--cert)"));
    PrivateKey key = privateKey(keyFile);
    KeyStore store = KeyStore.getInstance("PKCS12");
    load(store);
    store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, NO_PASSWORD);
    return factory.getKeyManagers();
  }

  private static Collection<? extends Certificate> certificates(Path file, String setting)
      throws GeneralSecurityException {
    byte[] bytes = readable(file, setting);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(setting + " " + file + " holds no PEM certificate");
      }
      return certificates;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + setting + " " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(setting + " " + file + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** Reads a PEM private key: PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}). */
  static PrivateKey privateKey(Path file) throws GeneralSecurityException {
    String pem = new String(readable(file, "ARA_API_KEY (--key)"), StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (m.group(1)) {
        case "PRIVATE KEY":
          for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
              return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
              // not this algorithm
            }
          }
          throw new IllegalArgumentException("ARA_API_KEY " + file + " is not an RSA, EC or Ed25519 key");
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapPkcs1(der)));
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException("ARA_API_KEY " + file + " is encrypted; ARA's callback cannot use"
              + " it either. Decrypt it: openssl pkey -in " + file + " -out key.pem");
        default:
          // e.g. EC PRIVATE KEY: fall through to the hint below
      }
    }
    throw new IllegalArgumentException("ARA_API_KEY " + file + " holds no PEM private key this replayer reads;"
        + " convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
  }

  /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 PrivateKeyInfo Java's KeyFactory reads. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return der(0x30, body);
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] length;
    if (n < 0x80) {
      length = new byte[] {(byte) n};
    } else if (n < 0x100) {
      length = new byte[] {(byte) 0x81, (byte) n};
    } else if (n < 0x10000) {
      length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    } else {
      length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
    byte[] out = new byte[1 + length.length + n];
    out[0] = (byte) tag;
    System.arraycopy(length, 0, out, 1, length.length);
    System.arraycopy(content, 0, out, 1 + length.length, n);
    return out;
  }

  private static byte[] readable(Path file, String setting) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + " " + file + " cannot be read: " + e.getMessage()
          + " (check the path and its permissions)", e);
    }
  }

  private static void load(KeyStore store) throws GeneralSecurityException {
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static X509TrustManager firstX509(TrustManager[] managers) {
    for (TrustManager manager : managers) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("this JVM offers no X.509 trust manager");
  }

  /** ARA_API_INSECURE: like requests' verify=False, any certificate is accepted. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
