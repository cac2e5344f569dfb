package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Tls} trusts and presents, against an HTTPS server with certificates made here. */
class TlsTest {
  private static final HeldCertificate CA = new HeldCertificate.Builder().certificateAuthority(0)
      .commonName("test CA").build();
  private static final HeldCertificate SERVER = new HeldCertificate.Builder().signedBy(CA)
      .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
  private static final HeldCertificate OTHER_CA = new HeldCertificate.Builder().certificateAuthority(0)
      .commonName("some other CA").build();
  private static final HeldCertificate CLIENT = new HeldCertificate.Builder().signedBy(CA).rsa2048()
      .commonName("replayer").build();

  @TempDir Path tmp;
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(SERVER, CA.certificate())
        .addTrustedCertificate(CA.certificate()).build().sslSocketFactory());
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void trustsAServerCertifiedByTheCaBundle() throws Exception {
    Path bundle = write("ca.pem", OTHER_CA.certificatePem() + CA.certificatePem());
    assertEquals(200, get(settings(bundle, null, null, false)));
  }

  @Test
  void refusesAServerTheCaBundleDoesNotCertify() throws Exception {
    Path bundle = write("ca.pem", OTHER_CA.certificatePem());
    assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> get(settings(bundle, null, null, false)));
  }

  @Test
  void insecureAcceptsAnyServerCertificate() throws Exception {
    Path bundle = write("ca.pem", OTHER_CA.certificatePem());
    assertEquals(200, get(settings(bundle, null, null, true)));
  }

  @Test
  void presentsAClientCertificateWithAPkcs8Key() throws Exception {
    assertPresentsTheClientCertificate(CLIENT.privateKeyPkcs8Pem());
  }

  @Test
  void presentsAClientCertificateWithAPkcs1RsaKey() throws Exception {
    assertPresentsTheClientCertificate(CLIENT.privateKeyPkcs1Pem());
  }

  private void assertPresentsTheClientCertificate(String keyPem) throws Exception {
    server.requireClientAuth();
    Path cert = write("cert.pem", CLIENT.certificatePem());
    Path key = write("key.pem", keyPem);
    assertEquals(200, get(settings(write("ca.pem", CA.certificatePem()), cert, key, false)));
    assertEquals(CLIENT.certificate().getSubjectX500Principal(), server.takeRequest().getHandshake().peerPrincipal());
  }

  @Test
  void anEncryptedKeyIsRefusedWithHowToDecryptIt() throws Exception {
    Path cert = write("cert.pem", CLIENT.certificatePem());
    Path key = write("key.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tls.of(settings(null, cert, key, false)));
    assertTrue(e.getMessage().contains("openssl pkey -in " + key), e.getMessage());
  }

  @Test
  void aKeyFileWithoutAKeyIsRefusedWithHowToConvertIt() throws Exception {
    Path cert = write("cert.pem", CLIENT.certificatePem());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tls.of(settings(null, cert, cert, false)));
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
  }

  @Test
  void aCaFileWithoutCertificatesNamesTheSetting() throws Exception {
    Path bundle = write("ca.pem", "not a certificate\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tls.of(settings(bundle, null, null, false)));
    assertTrue(e.getMessage().contains("ARA_API_CA (--ca) " + bundle), e.getMessage());
  }

  private AraSettings settings(Path ca, Path cert, Path key, boolean insecure) {
    HttpUrl https = server.url("/").newBuilder().host("localhost").build();
    return new AraSettings(https, null, null, Duration.ofSeconds(5), ca, cert, key, insecure);
  }

  private int get(AraSettings settings) throws IOException {
    Tls tls = Tls.of(settings);
    OkHttpClient.Builder builder = new OkHttpClient.Builder().sslSocketFactory(tls.socketFactory(), tls.trustManager());
    if (tls.insecure()) {
      builder.hostnameVerifier((host, session) -> true);
    }
    server.enqueue(new MockResponse.Builder().code(200).build());
    try (Response response = builder.build().newCall(new Request.Builder().url(settings.server()).build()).execute()) {
      return response.code();
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }
}
