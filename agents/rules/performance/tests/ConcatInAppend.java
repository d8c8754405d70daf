class ConcatInAppend {
    String render(String name, int age) {
        StringBuilder sb = new StringBuilder();
        // ruleid: P012
        sb.append("name=" + name + ", ");
        // ruleid: P012
        sb.append(age + " years");
        // ok: P012
        sb.append("name=").append(name);
        // ok: P012
        sb.append("a long " + "constant");
        // ok: P012
        sb.append(age + 1);
        return sb.toString();
    }
}
