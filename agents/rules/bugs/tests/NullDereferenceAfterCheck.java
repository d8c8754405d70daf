import java.util.List;
import java.util.logging.Logger;

class Sessions {
    private static final Logger LOG = Logger.getLogger("sessions");

    void describe(User user) {
        if (user == null) {
            // ruleid: B032
            LOG.info("no session for " + user.getName());
        }
    }

    String title(Page page) {
        if (page == null) {
            // ruleid: B032
            return page.title;
        }
        return page.title;
    }

    void reset(int[] counts) {
        // ruleid: B032
        if (null == counts) counts[0] = 0;
    }

    int size(List<String> items) {
        if (items != null) {
            return items.size();
        } else {
            // ruleid: B032
            int n = items.size();
            return n;
        }
    }

    User ensure(User user) {
        if (user == null) {
            // ok: B032
            user = new User("guest");
            user.touch();
        }
        return user;
    }

    String safe(User user, User fallback) {
        if (user == null) {
            // ok: B032
            return fallback.getName();
        }
        // ok: B032
        if (user != null) return user.getName();
        return "";
    }
}
