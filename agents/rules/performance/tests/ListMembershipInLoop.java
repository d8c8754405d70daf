import java.util.Arrays;
import java.util.List;
import java.util.Set;

class ListMembershipInLoop {
    private static final Set<String> TEXT_KINDS = Set.of("csv", "tsv", "txt");
    private static final String CSV = "csv";

    int count(List<String> kinds, String a, String b) {
        int n = 0;
        for (String kind : kinds) {
            // ruleid: P003
            if (Arrays.asList("csv", "tsv", "txt").contains(kind)) n++;
            // ruleid: P003
            if (List.of(CSV, "tsv").contains(kind)) n++;
            // ok: P003
            if (TEXT_KINDS.contains(kind)) n++;
            // ok: P003
            if (Arrays.asList(a, b).contains(kind)) n++;
        }
        // ok: P003
        return Set.of("csv", "tsv").contains(kinds.get(0)) ? n : 0;
    }
}
