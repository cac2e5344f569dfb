package org.arajournal.ara;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import okio.ByteString;

/**
 * The TLS side of {@link AraSettings}: which server certificates to trust (system, a CA bundle, or
 * any in insecure mode) and which client certificate to present.
 */
record Tls(SSLSocketFactory socketFactory, X509TrustManager trustManager, boolean insecure) {
  private static final Pattern KEY_BLOCK =
      Pattern.compile("-----BEGIN ((?:RSA |ENCRYPTED |EC )?PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** Builds the TLS configuration for {@code settings}; throws naming the file that is wrong. */
  static Tls of(AraSettings settings) {
    HandshakeCertificates.Builder builder = new HandshakeCertificates.Builder();
    if (settings.ca() != null) {
      certificates(settings.ca(), "ARA_API_CA (--ca)").forEach(builder::addTrustedCertificate);
    } else {
      builder.addPlatformTrustedCertificates();
    }
    if (settings.insecure()) {
      // Like requests' verify=False: any certificate of this server is accepted.
      builder.addInsecureHost(settings.server().host());
    }
    if (settings.cert() != null) {
      List<X509Certificate> chain = certificates(settings.cert(), "ARA_API_CERT (--cert)");
      HeldCertificate client = heldCertificate(chain.get(0), settings.key());
      builder.heldCertificate(client, chain.subList(1, chain.size()).toArray(new X509Certificate[0]));
    }
    HandshakeCertificates handshake = builder.build();
    return new Tls(handshake.sslSocketFactory(), handshake.trustManager(), settings.insecure());
  }

  /** Every certificate of a PEM file (a CA bundle, or a client certificate and its chain), in file order. */
  private static List<X509Certificate> certificates(Path file, String setting) {
    byte[] bytes = readable(file, setting);
    try {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes)).stream().map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(setting + " " + file + " holds no PEM certificate");
      }
      return certificates;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(setting + " " + file + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The client certificate with the private key in {@code keyFile}: PKCS#8 ({@code PRIVATE KEY}),
   * which okhttp-tls reads, or PKCS#1 ({@code RSA PRIVATE KEY}), which ARA's callback (OpenSSL)
   * takes too and which is handed to okhttp-tls as PKCS#8.
   */
  static HeldCertificate heldCertificate(X509Certificate certificate, Path keyFile) {
    String pem = new String(readable(keyFile, "ARA_API_KEY (--key)"), StandardCharsets.US_ASCII);
    Matcher block = KEY_BLOCK.matcher(pem);
    if (!block.find()) {
      throw notReadable(keyFile);
    }
    String pkcs8Pem = switch (block.group(1)) {
      case "PRIVATE KEY" -> block.group();
      case "RSA PRIVATE KEY" -> pem("PRIVATE KEY", pkcs8OfRsa(base64(block.group(2), keyFile)));
      case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("ARA_API_KEY " + keyFile
          + " is encrypted; ARA's callback cannot use it either. Decrypt it: openssl pkey -in " + keyFile
          + " -out key.pem");
      default -> throw notReadable(keyFile);
    };
    try {
      return HeldCertificate.decode(Certificates.certificatePem(certificate) + pkcs8Pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ARA_API_KEY " + keyFile + " is not an RSA or EC private key of the"
          + " ARA_API_CERT certificate " + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException notReadable(Path keyFile) {
    return new IllegalArgumentException("ARA_API_KEY " + keyFile + " holds no PEM private key this replayer reads;"
        + " convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key.pem");
  }

  private static ByteString base64(String text, Path keyFile) {
    ByteString der = ByteString.decodeBase64(text.replaceAll("\\s", ""));
    if (der == null) {
      throw notReadable(keyFile);
    }
    return der;
  }

  private static String pem(String type, ByteString der) {
    StringBuilder out = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
    Certificates.encodeBase64Lines(out, der);
    return out.append("-----END ").append(type).append("-----\n").toString();
  }

  /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key). */
  private static ByteString pkcs8OfRsa(ByteString pkcs1) {
    ByteString versionAndAlgorithm = ByteString.decodeHex("020100300d06092a864886f70d0101010500");
    Buffer body = new Buffer().write(versionAndAlgorithm).write(der(0x04, pkcs1));
    return der(0x30, body.readByteString());
  }

  /** One DER element: tag, definite length, content. */
  private static ByteString der(int tag, ByteString content) {
    Buffer out = new Buffer().writeByte(tag);
    int n = content.size();
    if (n < 0x80) {
      out.writeByte(n);
    } else {
      int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
      out.writeByte(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.writeByte(n >> (8 * i));
      }
    }
    return out.write(content).readByteString();
  }

  private static byte[] readable(Path file, String setting) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + " " + file + " cannot be read: " + e.getMessage()
          + " (check the path and its permissions)", e);
    }
  }
}
