import javax.crypto.Cipher;
import javax.crypto.NullCipher;

class WeakCipher {
    void encrypt() throws Exception {
        // ruleid: S021
        Cipher a = Cipher.getInstance("DES/CBC/PKCS5Padding");
        // ruleid: S021
        Cipher b = Cipher.getInstance("DESede/CBC/NoPadding");
        // ruleid: S021
        Cipher c = Cipher.getInstance("AES");
        // ruleid: S021
        Cipher d = Cipher.getInstance("AES/ECB/PKCS5Padding");
        // ruleid: S021
        Cipher e = javax.crypto.Cipher.getInstance("RC4");
        // ruleid: S021
        Cipher f = Cipher.getInstance("Blowfish");
        // ruleid: S021
        Cipher g = Cipher.getInstance("PBEWithMD5AndDES");
        // ruleid: S021
        Cipher h = new NullCipher();
        // ruleid: S021
        Cipher i = Cipher.getInstance("AES/ECB/NoPadding", "BC");
        // ruleid: S021
        Object j = new org.bouncycastle.crypto.engines.DESedeEngine();
    }

    void fine(String transformation) throws Exception {
        // ok: S021
        Cipher a = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: S021
        Cipher b = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        // ok: S021
        Cipher c = Cipher.getInstance(transformation);
        // ok: S021
        Cipher d = Cipher.getInstance("ChaCha20-Poly1305");
        // ok: S021
        String e = "Cipher.getInstance(\"DES\")";
        // ok: S021
        Cipher f = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ok: S021
        Cipher g = Cipher.getInstance("AES_256/GCM/NoPadding");
    }
}
