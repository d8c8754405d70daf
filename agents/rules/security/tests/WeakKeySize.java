import java.math.BigInteger;
import java.security.AlgorithmParameterGenerator;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import javax.crypto.KeyGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.jce.ECNamedCurveTable;

class WeakKeySize {
    KeyPair rsa() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ruleid: S025
        kpg.initialize(1024);
        return kpg.generateKeyPair();
    }

    KeyPair dsa(SecureRandom random) throws Exception {
        KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("DSA", "SUN");
        // ruleid: S025
        generator.initialize(512, random);
        return generator.generateKeyPair();
    }

    KeyPair dhInTry() {
        KeyPairGenerator keyGen;
        try {
            keyGen = KeyPairGenerator.getInstance("DH");
            // ruleid: S025
            keyGen.initialize(1024);
            return keyGen.generateKeyPair();
        } catch (Exception e) {
            return null;
        }
    }

    KeyPair nested(boolean legacy) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        if (legacy) {
            // ruleid: S025
            kpg.initialize(1024);
        } else {
            // ok: S025
            kpg.initialize(3072);
        }
        return kpg.generateKeyPair();
    }

    KeyPair ec() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        // ruleid: S025
        kpg.initialize(192);
        return kpg.generateKeyPair();
    }

    void specs() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ruleid: S025
        kpg.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        // ruleid: S025
        ec.initialize(new ECGenParameterSpec("secp192r1"));
        // ruleid: S025
        ECGenParameterSpec spec = new ECGenParameterSpec("sect163k1");
        // ruleid: S025
        var bc = new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), 1024, 80);
        // ruleid: S025
        var named = ECNamedCurveTable.getParameterSpec("prime192v1");
        AlgorithmParameterGenerator apg = AlgorithmParameterGenerator.getInstance("DH");
        // ruleid: S025
        apg.init(1024);
    }

    void strong(int bits) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ok: S025
        kpg.initialize(2048);
        // ok: S025
        kpg.initialize(bits);
        // ok: S025
        kpg.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        // ok: S025
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        // ok: S025
        ECGenParameterSpec p384 = new ECGenParameterSpec("secp384r1");
    }

    KeyPair ecOk() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        // ok: S025
        kpg.initialize(256);
        return kpg.generateKeyPair();
    }

    void symmetric() throws Exception {
        KeyGenerator keyGen = KeyGenerator.getInstance("AES");
        // ok: S025
        keyGen.init(128);
        // ok: S025
        pool.initialize(16);
    }
}
