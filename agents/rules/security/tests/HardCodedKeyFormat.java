public class HardCodedKeyFormat {
    // ruleid: S035
    static final String AWS_ID = "AKIA2OGYBAH6STMHWLIE";
    // ok: S035
    static final String DOC_ID = "AKIAIOSFODNN7EXAMPLE";
    // ruleid: S035
    static final String CONN = "Server=db.internal;Database=orders;User Id=app;Password=Q7v!x92kLm;";
    // ok: S035
    static final String CONN_TEMPLATE = "Server=db.internal;Database=orders;User Id=app;Password={0};";
    // ok: S035
    static final String HEADER = "-----BEGIN PRIVATE KEY-----";
}
