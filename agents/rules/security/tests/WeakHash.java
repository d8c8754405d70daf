import java.security.MessageDigest;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;
import com.google.common.hash.Hashing;

class WeakHash {
    byte[] digest(byte[] data) throws Exception {
        // ruleid: S020
        MessageDigest a = MessageDigest.getInstance("MD5");
        // ruleid: S020
        MessageDigest b = MessageDigest.getInstance("SHA-1");
        // ruleid: S020
        MessageDigest c = java.security.MessageDigest.getInstance("sha1", "BC");
        // ruleid: S020
        String d = DigestUtils.md5Hex(data);
        // ruleid: S020
        byte[] e = DigestUtils.sha1(data);
        // ruleid: S020
        String f = org.springframework.util.DigestUtils.md5DigestAsHex(data);
        // ruleid: S020
        MessageDigest g = DigestUtils.getDigest(MessageDigestAlgorithms.MD5);
        // ruleid: S020
        String h = Hashing.md5().hashBytes(data).toString();
        // ruleid: S020
        MessageDigest i = MessageDigest.getInstance("MD2");
        // ruleid: S020
        Object j = new Md5PasswordEncoder();
        return a.digest(data);
    }

    byte[] fine(byte[] data, String alg) throws Exception {
        // ok: S020
        MessageDigest a = MessageDigest.getInstance("SHA-256");
        // ok: S020
        MessageDigest b = MessageDigest.getInstance(alg);
        // ok: S020
        String c = DigestUtils.sha256Hex(data);
        // ok: S020
        String d = "MessageDigest.getInstance(\"MD5\")";
        // ok: S020
        String e = Hashing.sha256().hashBytes(data).toString();
        // ok: S020
        MessageDigest f = DigestUtils.getDigest(MessageDigestAlgorithms.SHA_256);
        // ok: S020
        MessageDigest g = MessageDigest.getInstance("SHA-512/256");
        return a.digest(data);
    }
}
