package dev.sigyn.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A faithful Java port of the conformance corpus' {@code gen_dataset.py}: the same streams, label sets, line formats
 * and random sequence (CPython's Mersenne Twister, seed 20261101), so {@code generate(1)} equals
 * {@code dataset.json} entry for entry and {@code generate(100)} is the 1.61 M-line benchmark dataset.
 * The order of random draws below mirrors the Python code exactly; change nothing without changing both.
 */
public final class DatasetGenerator {
    public static final long T0_NS = 1_793_491_200L * 1_000_000_000L; // 2026-11-01T00:00:00Z
    public static final long SPAN_S = 2 * 3600;
    private static final long INCIDENT_FROM_S = 50 * 60;
    private static final long INCIDENT_TO_S = 60 * 60;
    private static final int SEED = 20261101;

    private static final String[] PATHS = {"/", "/api/users", "/api/orders", "/api/cart", "/login", "/static/app.js",
            "/api/search?q=shoes", "/healthz", "/api/payments", "/admin"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] AGENTS = {"curl/8.4.0", "Mozilla/5.0 (X11; Linux x86_64)", "Go-http-client/1.1",
            "python-requests/2.31"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "mallory", "trent"};
    private static final String[] MESSAGES = {"request served", "cache miss", "db query slow", "user logged in",
            "payment authorized", "order created", "retrying upstream", "connection reset by peer"};
    private static final String[] KOREAN = {"결제 실패: 잔액 부족", "로그인 성공", "주문이 생성되었습니다", "서버 응답 지연",
            "인증 토큰 만료"};

    private interface LineMaker {
        String make(PyRandom rng, long ts);
    }

    private final PyRandom rng = new PyRandom(SEED);
    private final int scale;
    private final Map<String, List<Dataset.Stream>> tenants = new LinkedHashMap<>();
    private int streamIndex;

    private DatasetGenerator(int scale) {
        this.scale = scale;
        tenants.put("acme", new ArrayList<>());
        tenants.put("globex", new ArrayList<>());
    }

    /** The dataset at a scale ≥ 1 (scale 1 is about 16 k lines, 1.9 MB of text; each unit adds as much). */
    public static Dataset generate(int scale) {
        if (scale < 1) throw new IllegalArgumentException("scale must be at least 1");
        return new DatasetGenerator(scale).build();
    }

    private Dataset build() {
        for (int i = 0; i < 3; i++) {
            add("acme", labels("job", "nginx", "app", "web", "env", "prod", "cluster", "eu-1", "instance", "web-" + i),
                    1800, DatasetGenerator::nginxLine);
        }
        add("acme", labels("job", "nginx", "app", "web", "env", "staging", "cluster", "us-1", "instance", "web-s0"),
                600, DatasetGenerator::nginxLine);
        String[] services = {"api", "checkout"};
        for (int i = 0; i < services.length; i++) {
            String svc = services[i];
            for (String env : new String[]{"prod", "staging"}) {
                add("acme", labels("job", svc, "app", svc, "env", env, "namespace", "shop",
                                "pod", svc + "-7d9f-" + env.charAt(0) + i),
                        env.equals("prod") ? 1500 : 500, (r, t) -> jsonLine(r, t, svc));
            }
        }
        for (String q : new String[]{"emails", "reports"}) {
            add("acme", labels("job", "worker", "app", "worker", "env", "prod", "queue", q), 1200, DatasetGenerator::logfmtLine);
        }
        add("acme", labels("job", "sshd", "app", "auth", "env", "prod", "host", "bastion-1"), 1500, DatasetGenerator::authLine);
        add("acme", labels("job", "misc", "app", "odd", "env", "dev"), 400, DatasetGenerator::oddLine);
        // globex reuses label sets that exist in acme: tenants must never see each other's data
        add("globex", labels("job", "nginx", "app", "web", "env", "prod", "cluster", "eu-1", "instance", "web-0"),
                900, DatasetGenerator::nginxLine);
        add("globex", labels("job", "api", "app", "api", "env", "prod", "namespace", "crm", "pod", "api-0"),
                900, (r, t) -> jsonLine(r, t, "crm"));
        return new Dataset(T0_NS, T0_NS + SPAN_S * 1_000_000_000L, tenants);
    }

    private void add(String tenant, Map<String, String> labels, int n, LineMaker make) {
        long[] ts = times(rng, n * scale, streamIndex++);
        byte[][] lines = new byte[ts.length][];
        for (int i = 0; i < ts.length; i++) lines[i] = make.make(rng, ts[i]).getBytes(StandardCharsets.UTF_8);
        tenants.get(tenant).add(new Dataset.Stream(labels, ts, lines));
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** n unique, increasing nanosecond timestamps within the span. */
    private static long[] times(PyRandom rng, int n, int streamIdx) {
        long step = SPAN_S * 1_000_000_000L / n;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long jitter = rng.randrange(0, step / 2);
            out[i] = T0_NS + i * step + jitter + streamIdx * 7L + 1;
        }
        return out;
    }

    private static boolean inIncident(long ts) {
        long s = (ts - T0_NS) / 1_000_000_000L;
        return INCIDENT_FROM_S <= s && s < INCIDENT_TO_S;
    }

    private static String nginxLine(PyRandom rng, long ts) {
        String ip = "10." + rng.randrange(0, 4) + "." + rng.randrange(0, 256) + "." + rng.randrange(1, 255);
        if (rng.random() < 0.1) ip = "192.168." + rng.randrange(0, 3) + "." + rng.randrange(1, 255);
        int status = rng.choice(new int[]{200, 200, 200, 200, 201, 204, 301, 304, 400, 404});
        if (inIncident(ts) && rng.random() < 0.6) {
            status = rng.choice(new int[]{500, 502, 503, 504});
        } else if (rng.random() < 0.02) {
            status = 500;
        }
        long size = rng.randrange(0, 50000);
        double rt = rng.random() * (status >= 500 ? 3 : 0.5);
        long secs = ts / 1_000_000_000L;
        String clock = twoDigits((secs / 3600) % 24) + ":" + twoDigits((secs / 60) % 60) + ":" + twoDigits(secs % 60);
        String method = rng.choice(METHODS);
        String path = rng.choice(PATHS);
        String agent = rng.choice(AGENTS);
        return ip + " - - [01/Nov/2026:" + clock + " +0000] \"" + method + " " + path + " HTTP/1.1\" " + status + " "
                + size + " \"-\" \"" + agent + "\" " + fixed(rt, 3);
    }

    private static String jsonLine(PyRandom rng, long ts, String service) {
        String level = rng.choice(new String[]{"info", "info", "info", "debug", "warn", "error"});
        if (inIncident(ts) && rng.random() < 0.5) level = "error";
        boolean error = level.equals("error");
        String msg = rng.choice(MESSAGES);
        int status = error ? rng.choice(new int[]{500, 503}) : rng.choice(new int[]{200, 200, 201, 400, 404, 500});
        double latency = round(rng.random() * (error ? 900 : 120), 3);
        long userId = rng.randrange(1, 500);
        String userName = rng.choice(USERS);
        boolean premium = rng.random() < 0.3;
        boolean tags = rng.random() < 0.2;
        StringBuilder b = new StringBuilder(200);
        b.append("{\"level\":").append(jsonString(level))
                .append(",\"msg\":").append(jsonString(msg))
                .append(",\"service\":").append(jsonString(service))
                .append(",\"status\":").append(status)
                .append(",\"latency_ms\":").append(pythonRepr(latency))
                .append(",\"user\":{\"id\":").append(userId)
                .append(",\"name\":").append(jsonString(userName))
                .append(",\"premium\":").append(premium)
                .append("},\"tags\":").append(tags ? "[\"a\",\"b\"]" : "[]");
        if (rng.random() < 0.1) b.append(",\"trace_id\":").append(jsonString(rng.hex128()));
        if (rng.random() < 0.05) b.append(",\"note\":").append(jsonString(rng.choice(KOREAN)));
        return b.append('}').toString();
    }

    private static String logfmtLine(PyRandom rng, long ts) {
        String level = rng.choice(new String[]{"info", "info", "debug", "warn", "error"});
        if (inIncident(ts) && rng.random() < 0.5) level = "error";
        // Python builds each list of choices in full (drawing every number) before choosing one.
        String[] durations = {rng.randrange(1, 999) + "ms", fixed(rng.random() * 5, 2) + "s",
                rng.randrange(1, 90) + "us", "1m2s"};
        String dur = rng.choice(durations);
        String[] sizes = {rng.randrange(1, 999) + "B", rng.randrange(1, 99) + "KB", fixed(rng.random() * 3, 1) + "MB",
                rng.randrange(1, 64) + "KiB"};
        String size = rng.choice(sizes);
        String msg = rng.choice(MESSAGES);
        String queue = rng.choice(new String[]{"emails", "reports", "thumbnails"});
        long attempt = rng.randrange(1, 6);
        StringBuilder b = new StringBuilder(160);
        b.append("level=").append(level).append(" ts=").append(ts).append(" msg=\"").append(msg).append('"')
                .append(" duration=").append(dur).append(" bytes=").append(size)
                .append(" queue=").append(queue).append(" attempt=").append(attempt);
        if (rng.random() < 0.1) b.append(" err=\"context deadline exceeded\"");
        if (rng.random() < 0.05) b.append(" flag"); // a bare key
        return b.toString();
    }

    private static String authLine(PyRandom rng, long ts) {
        String user = rng.choice(USERS);
        String ip = "10." + rng.randrange(0, 4) + "." + rng.randrange(0, 256) + "." + rng.randrange(1, 255);
        if (inIncident(ts) && rng.random() < 0.7) {
            long host = rng.randrange(1, 20);
            return "Failed password for " + user + " from 203.0.113." + host + " port " + rng.randrange(1024, 65535) + " ssh2";
        }
        double r = rng.random();
        if (r < 0.6) return "Accepted publickey for " + user + " from " + ip + " port " + rng.randrange(1024, 65535) + " ssh2";
        if (r < 0.8) return "Failed password for " + user + " from " + ip + " port " + rng.randrange(1024, 65535) + " ssh2";
        if (r < 0.9) return "session opened for user " + user + " by (uid=0)";
        long suffix = rng.randrange(0, 99);
        return "Invalid user " + user + suffix + " from 198.51.100." + rng.randrange(1, 255);
    }

    private static String oddLine(PyRandom rng, long ts) {
        String korean = rng.choice(KOREAN);
        String user = rng.choice(USERS);
        long amount = rng.randrange(1000, 99999);
        long nested = rng.randrange(0, 100);
        long xs = rng.randrange(200, 1200);
        String[] choices = {
                "quoted \"value\" with \\ backslash",
                "tab\tseparated\tfields",
                korean + " user=" + user + " amount=" + amount,
                "\u001b[31mERROR\u001b[0m colored output",
                "a=1 b=2 c=\"three four\" d=",
                "{\"nested\":{\"deep\":{\"value\":" + nested + "}},\"arr\":[1,2,3]}",
                "level=warn msg=\"unterminated",
                "emoji \uD83D\uDE80 launch",
                "x".repeat((int) xs),
                "plain line with number 42 and ip 172.16.5.4",
        };
        return rng.choice(choices);
    }

    private static String twoDigits(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }

    /** Python's {@code f"{x:.Nf}"}: the exact binary value rounded half-even. */
    private static String fixed(double x, int decimals) {
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's {@code round(x, n)} for a float: correctly rounded, half-even on the exact value. */
    private static double round(double x, int decimals) {
        return Double.parseDouble(fixed(x, decimals));
    }

    /** Python's {@code repr(float)} for the values the generator writes (0 or ≥ 0.001 and < 1e16): shortest digits. */
    private static String pythonRepr(double x) {
        return Double.toString(x); // shortest round-trip form since JDK 19, plain notation in this range
    }

    /** {@code json.dumps(s, ensure_ascii=False)}. */
    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
