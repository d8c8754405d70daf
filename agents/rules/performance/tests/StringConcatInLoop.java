class StringConcatInLoop {
    String render(java.util.List<String> rows) {
        String out = "";
        int total = 0;
        for (String row : rows) {
            // ruleid: P001
            out += row + "\n";
            if (row.isEmpty()) {
                // ruleid: P001
                out += ",";
            }
            // ok: P001
            total += row.length();
            String line = "";
            // ok: P001
            line += row;
        }
        for (int i = 0; i < rows.size(); i++) {
            // ruleid: P001
            out += rows.get(i);
        }
        // ok: P001
        out += "end";
        StringBuilder sb = new StringBuilder();
        for (String row : rows) {
            // ok: P001
            sb.append(row).append('\n');
        }
        return out + sb;
    }
}
