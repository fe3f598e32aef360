package dev.sigyn.kafka.testkit;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test CAs and the certificates they issue, written as the PEM files Sigyn's configuration names. Every certificate
 * is valid for {@code localhost} and {@code 127.0.0.1}, for servers and clients alike, so that one identity serves a
 * process of a test cluster in both roles.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {}

    /** How a private key is written: Loki takes all three. */
    public enum KeyFormat { PKCS8, PKCS1_RSA, SEC1_EC }

    /** A new self-signed CA named {@code name}. */
    public static Ca newCa(String name) {
        try {
            KeyPair keys = keyPair("EC");
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder b = builder(subject, subject, keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Ca(subject, sign(b, keys), keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /** A certificate authority of a test. */
    public record Ca(X500Name name, X509Certificate certificate, KeyPair keys) {
        /** A certificate for {@code localhost}/{@code 127.0.0.1} with an EC key. */
        public Identity issue(String commonName) {
            return issue(commonName, "EC");
        }

        /** A certificate for {@code localhost}/{@code 127.0.0.1} with a key of {@code algorithm} (EC or RSA). */
        public Identity issue(String commonName, String algorithm) {
            try {
                KeyPair leaf = keyPair(algorithm);
                X509v3CertificateBuilder b = builder(name, new X500Name("CN=" + commonName), leaf);
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                return new Identity(sign(b, keys), leaf, this);
            } catch (Exception e) {
                throw new IllegalStateException("cannot issue a test certificate", e);
            }
        }

        /** Writes the CA's certificate as PEM to {@code file}. */
        public Path writeCertificate(Path file) throws IOException {
            Files.writeString(file, pem(certificate));
            return file;
        }

        /** A TLS context that trusts this CA only, and presents {@code identity} when given one (else none). */
        public SSLContext clientContext(Identity identity) {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("ca", certificate);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(identity == null ? null : identity.keyManagers(), tmf.getTrustManagers(),
                        new SecureRandom());
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A certificate and its private key. */
    public record Identity(X509Certificate certificate, KeyPair keys, Ca issuer) {
        /** The PEM files of this identity. */
        public record Files(Path certificate, Path key) {}

        /** Writes {@code <name>.crt} and {@code <name>.key} (PKCS#8) into {@code dir}. */
        public Files write(Path dir, String name) throws IOException {
            return write(dir.resolve(name + ".crt"), dir.resolve(name + ".key"), KeyFormat.PKCS8);
        }

        /** Writes the certificate and the key, in {@code format}, to the files given. */
        public Files write(Path certificateFile, Path keyFile, KeyFormat format) throws IOException {
            java.nio.file.Files.writeString(certificateFile, pem(certificate));
            java.nio.file.Files.writeString(keyFile, keyPem(format));
            return new Files(certificateFile, keyFile);
        }

        /** Writes a PKCS#12 key store holding this identity under {@code password} (for S3Proxy, Kafka). */
        public Path writePkcs12(Path file, String password) throws IOException {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("identity", keys.getPrivate(), password.toCharArray(),
                        new X509Certificate[]{certificate, issuer.certificate()});
                try (var out = java.nio.file.Files.newOutputStream(file)) {
                    store.store(out, password.toCharArray());
                }
                return file;
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }

        /** The private key as PEM. */
        public String keyPem(KeyFormat format) throws IOException {
            return switch (format) {
                case PKCS8 -> "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
                // Bouncy Castle's OpenSSL writer gives the traditional RSA PRIVATE KEY.
                case PKCS1_RSA -> pem(new JcaMiscPEMGenerator(keys.getPrivate()));
                case SEC1_EC -> pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1()));
            };
        }

        /** The EC key as OpenSSL writes it: with its curve and public point, which the JDK's PKCS#8 form leaves out. */
        private byte[] sec1() throws IOException {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey inner =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            byte[] point = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData()
                    .getBytes();
            return new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), new DERBitString(point),
                    info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        }

        /**
         * Presents this certificate whatever issuers the server asks for: a JSSE client would otherwise send none
         * to a server that names other CAs, and a test could not show what a server does with a stranger's.
         */
        javax.net.ssl.KeyManager[] keyManagers() {
            X509Certificate[] chain = {certificate};
            return new javax.net.ssl.KeyManager[]{new javax.net.ssl.X509ExtendedKeyManager() {
                @Override
                public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                    return new String[]{"me"};
                }

                @Override
                public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers,
                                                java.net.Socket socket) {
                    return "me";
                }

                @Override
                public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
                                                      javax.net.ssl.SSLEngine engine) {
                    return "me";
                }

                @Override
                public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                    return null;
                }

                @Override
                public String chooseServerAlias(String keyType, java.security.Principal[] issuers,
                                                java.net.Socket socket) {
                    return null;
                }

                @Override
                public X509Certificate[] getCertificateChain(String alias) {
                    return chain;
                }

                @Override
                public java.security.PrivateKey getPrivateKey(String alias) {
                    return keys.getPrivate();
                }
            }};
        }
    }

    private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(algorithm.equals("RSA") ? 2048 : 256);
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKeys) throws Exception {
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    /** {@code object} (a certificate, a key) as PEM text. */
    public static String pem(Object object) {
        try {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(object instanceof JcaMiscPEMGenerator g ? g.generate() : object);
            }
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
