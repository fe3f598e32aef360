package dev.sigyn.logql.syntax;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every token of LogQL. {@link #display()} is the name Loki's parser uses in syntax errors ("unexpected $end,
 * expecting } or ,"). Keywords are recognised case-insensitively; function names ({@link Kind#FUNCTION}) are
 * keywords only when an opening parenthesis follows (possibly after {@code by (...)} / {@code without (...)}),
 * otherwise they are plain identifiers such as a label called {@code rate}.
 */
public enum TokenType {
    EOF(Kind.LITERAL, "$end", null),
    IDENTIFIER(Kind.LITERAL, "IDENTIFIER", null),
    STRING(Kind.LITERAL, "STRING", null),
    NUMBER(Kind.LITERAL, "NUMBER", null),
    /** A duration such as {@code 5m} or {@code 1h30m}; {@link Token#number()} holds nanoseconds. */
    DURATION(Kind.LITERAL, "DURATION", null),
    /** A bracketed range such as {@code [5m]}; {@link Token#number()} holds nanoseconds. */
    RANGE(Kind.LITERAL, "RANGE", null),
    /** A byte size such as {@code 10KB}; {@link Token#number()} holds bytes. */
    BYTES(Kind.LITERAL, "BYTES", null),
    /** A parser flag: {@code --strict} or {@code --keep-empty}. */
    FUNCTION_FLAG(Kind.LITERAL, "FUNCTION_FLAG", null),

    COMMA(Kind.SYMBOL, ",", null),
    DOT(Kind.SYMBOL, ".", null),
    OPEN_BRACE(Kind.SYMBOL, "{", null),
    CLOSE_BRACE(Kind.SYMBOL, "}", null),
    CLOSE_BRACKET(Kind.SYMBOL, "]", null),
    OPEN_PARENTHESIS(Kind.SYMBOL, "(", null),
    CLOSE_PARENTHESIS(Kind.SYMBOL, ")", null),
    EQ(Kind.SYMBOL, "=", null),
    NEQ(Kind.SYMBOL, "!=", null),
    RE(Kind.SYMBOL, "=~", null),
    NRE(Kind.SYMBOL, "!~", null),
    PIPE_EXACT(Kind.SYMBOL, "|=", null),
    PIPE_MATCH(Kind.SYMBOL, "|~", null),
    PIPE_PATTERN(Kind.SYMBOL, "|>", null),
    NPA(Kind.SYMBOL, "!>", null),
    PIPE(Kind.SYMBOL, "|", null),
    ADD(Kind.SYMBOL, "+", null),
    SUB(Kind.SYMBOL, "-", null),
    MUL(Kind.SYMBOL, "*", null),
    DIV(Kind.SYMBOL, "/", null),
    MOD(Kind.SYMBOL, "%", null),
    POW(Kind.SYMBOL, "^", null),
    CMP_EQ(Kind.SYMBOL, "==", null),
    GT(Kind.SYMBOL, ">", null),
    GTE(Kind.SYMBOL, ">=", null),
    LT(Kind.SYMBOL, "<", null),
    LTE(Kind.SYMBOL, "<=", null),

    OR(Kind.KEYWORD, "or", "or"),
    AND(Kind.KEYWORD, "and", "and"),
    UNLESS(Kind.KEYWORD, "unless", "unless"),
    BY(Kind.KEYWORD, "by", "by"),
    WITHOUT(Kind.KEYWORD, "without", "without"),
    BOOL(Kind.KEYWORD, "bool", "bool"),
    OFFSET(Kind.KEYWORD, "offset", "offset"),
    ON(Kind.KEYWORD, "on", "on"),
    IGNORING(Kind.KEYWORD, "ignoring", "ignoring"),
    GROUP_LEFT(Kind.KEYWORD, "group_left", "group_left"),
    GROUP_RIGHT(Kind.KEYWORD, "group_right", "group_right"),
    UNWRAP(Kind.KEYWORD, "unwrap", "unwrap"),
    JSON(Kind.KEYWORD, "json", "json"),
    LOGFMT(Kind.KEYWORD, "logfmt", "logfmt"),
    REGEXP(Kind.KEYWORD, "regexp", "regexp"),
    UNPACK(Kind.KEYWORD, "unpack", "unpack"),
    PATTERN(Kind.KEYWORD, "pattern", "pattern"),
    LINE_FMT(Kind.KEYWORD, "line_format", "line_format"),
    LABEL_FMT(Kind.KEYWORD, "label_format", "label_format"),
    DECOLORIZE(Kind.KEYWORD, "decolorize", "decolorize"),
    DROP(Kind.KEYWORD, "drop", "drop"),
    KEEP(Kind.KEYWORD, "keep", "keep"),

    IP(Kind.FUNCTION, "ip", "ip"),
    LABEL_REPLACE(Kind.FUNCTION, "label_replace", "label_replace"),
    RATE(Kind.FUNCTION, "RATE", "rate"),
    RATE_COUNTER(Kind.FUNCTION, "RATE_COUNTER", "rate_counter"),
    COUNT_OVER_TIME(Kind.FUNCTION, "COUNT_OVER_TIME", "count_over_time"),
    BYTES_RATE(Kind.FUNCTION, "BYTES_RATE", "bytes_rate"),
    BYTES_OVER_TIME(Kind.FUNCTION, "BYTES_OVER_TIME", "bytes_over_time"),
    AVG_OVER_TIME(Kind.FUNCTION, "AVG_OVER_TIME", "avg_over_time"),
    SUM_OVER_TIME(Kind.FUNCTION, "SUM_OVER_TIME", "sum_over_time"),
    MIN_OVER_TIME(Kind.FUNCTION, "MIN_OVER_TIME", "min_over_time"),
    MAX_OVER_TIME(Kind.FUNCTION, "MAX_OVER_TIME", "max_over_time"),
    STDVAR_OVER_TIME(Kind.FUNCTION, "STDVAR_OVER_TIME", "stdvar_over_time"),
    STDDEV_OVER_TIME(Kind.FUNCTION, "STDDEV_OVER_TIME", "stddev_over_time"),
    QUANTILE_OVER_TIME(Kind.FUNCTION, "QUANTILE_OVER_TIME", "quantile_over_time"),
    FIRST_OVER_TIME(Kind.FUNCTION, "FIRST_OVER_TIME", "first_over_time"),
    LAST_OVER_TIME(Kind.FUNCTION, "LAST_OVER_TIME", "last_over_time"),
    ABSENT_OVER_TIME(Kind.FUNCTION, "ABSENT_OVER_TIME", "absent_over_time"),
    VECTOR(Kind.FUNCTION, "VECTOR", "vector"),
    SUM(Kind.FUNCTION, "SUM", "sum"),
    AVG(Kind.FUNCTION, "AVG", "avg"),
    MAX(Kind.FUNCTION, "MAX", "max"),
    MIN(Kind.FUNCTION, "MIN", "min"),
    COUNT(Kind.FUNCTION, "COUNT", "count"),
    STDDEV(Kind.FUNCTION, "STDDEV", "stddev"),
    STDVAR(Kind.FUNCTION, "STDVAR", "stdvar"),
    BOTTOMK(Kind.FUNCTION, "BOTTOMK", "bottomk"),
    TOPK(Kind.FUNCTION, "TOPK", "topk"),
    APPROX_TOPK(Kind.FUNCTION, "APPROX_TOPK", "approx_topk"),
    SORT(Kind.FUNCTION, "SORT", "sort"),
    SORT_DESC(Kind.FUNCTION, "SORT_DESC", "sort_desc"),
    BYTES_CONV(Kind.FUNCTION, "BYTES_CONV", "bytes"),
    DURATION_CONV(Kind.FUNCTION, "DURATION_CONV", "duration"),
    DURATION_SECONDS_CONV(Kind.FUNCTION, "DURATION_SECONDS_CONV", "duration_seconds");

    /** What sort of token this is. */
    public enum Kind { LITERAL, SYMBOL, KEYWORD, FUNCTION }

    private static final Map<String, TokenType> WORDS = new HashMap<>();

    static {
        for (TokenType t : values()) if (t.word != null) WORDS.put(t.word, t);
    }

    private final Kind kind;
    private final String display;
    private final String word;

    TokenType(Kind kind, String display, String word) {
        this.kind = kind;
        this.display = display;
        this.word = word;
    }

    public Kind kind() { return kind; }

    /** The token's name in Loki's syntax errors. */
    public String display() { return display; }

    /** True for identifiers and for every keyword or function name (all can be read as a label name). */
    public boolean isWord() {
        return this == IDENTIFIER || word != null;
    }

    /** The keyword or function token spelled {@code text} (any case), or null for a plain identifier. */
    static TokenType ofWord(String text) {
        return WORDS.get(text.toLowerCase(Locale.ROOT));
    }
}
