import java.util.ArrayList;
import java.util.List;
import java.util.Set;

class RedundantCollectionCopy {
    long count(Set<String> names, List<String> list) {
        // ruleid: P005
        long n = new ArrayList<>(names).stream().filter(s -> s.isEmpty()).count();
        // ruleid: P005
        if (new ArrayList<String>(list).isEmpty()) return 0;
        // ok: P005
        List<String> copy = new ArrayList<>(names);
        // ok: P005
        new ArrayList<>(names).add("x");
        return n + copy.size() + names.stream().count();
    }
}
