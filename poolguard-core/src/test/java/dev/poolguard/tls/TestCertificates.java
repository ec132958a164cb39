package dev.poolguard.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** A certificate authority and a server certificate for 127.0.0.1 and localhost, made in the test: nothing checked in. */
final class TestCertificates {

    final Path caFile;
    final Path serverCertFile;
    final Path serverKeyFile;

    private TestCertificates(Path caFile, Path serverCertFile, Path serverKeyFile) {
        this.caFile = caFile;
        this.serverCertFile = serverCertFile;
        this.serverKeyFile = serverKeyFile;
    }

    static TestCertificates create(Path dir, String caName) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair ca = rsa.generateKeyPair();
        KeyPair server = rsa.generateKeyPair();
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofHours(1)));
        Date to = Date.from(now.plus(Duration.ofDays(2)));
        X500Name caSubject = new X500Name("CN=" + caName);
        X509CertificateHolder caCert = new JcaX509v3CertificateBuilder(caSubject, BigInteger.ONE, from, to, caSubject, ca.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate()));
        X509CertificateHolder serverCert = new JcaX509v3CertificateBuilder(caSubject, BigInteger.TWO, from, to,
                new X500Name("CN=localhost"), server.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate()));
        Files.createDirectories(dir);
        Path caFile = write(dir.resolve(caName + "-ca.pem"), pem(caCert));
        Path certFile = write(dir.resolve(caName + "-server.crt"), pem(serverCert));
        Path keyFile = write(dir.resolve(caName + "-server.key"), pem(server.getPrivate()));
        // PostgreSQL refuses a key file that others can read.
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        return new TestCertificates(caFile, certFile, keyFile);
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }
}
