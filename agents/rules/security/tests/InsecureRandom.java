import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

class InsecureRandom {
    // ruleid: S022
    private static final Random RANDOM = new Random();

    String token() {
        // ruleid: S022
        Random seeded = new java.util.Random(System.currentTimeMillis());
        // ruleid: S022
        double d = Math.random();
        // ruleid: S022
        int i = ThreadLocalRandom.current().nextInt(100);
        return Long.toHexString(RANDOM.nextLong()) + seeded.nextInt() + d + i;
    }

    String fine() {
        // ok: S022
        SecureRandom secure = new SecureRandom();
        // ok: S022
        SecureRandom strong = SecureRandom.getInstanceStrong();
        // ok: S022
        String s = "new Random()";
        // ok: S022
        double r = Math.round(2.5);
        return s + secure.nextInt() + strong.nextInt() + r;
    }
}
