package dev.sigyn.logql.syntax;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent parser for LogQL with one token of look-ahead; syntax errors read like Loki's
 * ({@code parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,}).
 *
 * <p>Supported today: log queries, i.e. a stream selector followed by line filters. Pipeline stages
 * ({@code | json}, label filters, formatters) and metric queries ({@code rate(...)}, {@code sum(...)}, literals)
 * are recognised and rejected with a {@link ParseException} saying they are not supported yet.
 */
public final class Parser {
    /** Loki's limit on the query text, in UTF-8 bytes. */
    static final int MAX_INPUT_SIZE = 131072;

    static final String EMPTY_COMPATIBLE_MATCHERS = "queries require at least one regexp or equality matcher that "
            + "does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, "
            + "but app=~\".+\" will";

    private final Lexer lexer;
    private Token current;

    private Parser(String input) {
        this.lexer = new Lexer(input);
        this.current = lexer.next();
    }

    /**
     * Parses and validates a whole query. A selector must have at least one matcher that does not match the
     * empty string (Loki's rule, so a query never selects every stream).
     */
    public static Expr parseExpr(String query) {
        Parser p = new Parser(requireWithinSizeLimit(query));
        Expr expr = p.expr();
        p.expectEnd();
        validate(expr);
        return expr;
    }

    /**
     * Parses a bare stream selector such as {@code {app="web", env=~"prod|dev"}} (the {@code match[]} parameter).
     * Unlike {@link #parseExpr}, matchers that all match the empty string are accepted, as Loki does here.
     */
    public static List<LabelMatcher> parseSelector(String selector) {
        Parser p = new Parser(requireWithinSizeLimit(selector));
        Expr expr = p.expr();
        p.expectEnd();
        return switch (expr) {
            case LogSelectorExpr log when log.filters().isEmpty() -> log.matchers();
            default -> throw new ParseException("only label matchers are supported");
        };
    }

    /**
     * Parses the labels of a pushed stream in Prometheus text form, {@code {a="b", c="d"}}. Pairs are returned in
     * the order written, duplicates included, so the caller can report them; empty values are kept too (Loki
     * drops them when it builds the stream's label set).
     */
    public static List<Label> parseLabelPairs(String text) {
        Parser p = new Parser(text);
        p.expect(TokenType.OPEN_BRACE, "{");
        List<Label> labels = new ArrayList<>();
        if (p.current.type() == TokenType.CLOSE_BRACE) {
            p.advance();
        } else {
            while (true) {
                Token name = p.current;
                if (!name.type().isWord()) throw unexpected(name, "IDENTIFIER");
                if (!isLabelName(name.text())) {
                    throw new ParseException("invalid label name " + Printer.quote(name.text()), name.pos());
                }
                p.advance();
                p.expect(TokenType.EQ, "=");
                Token value = p.expect(TokenType.STRING, "STRING");
                labels.add(new Label(name.text(), value.value()));
                if (p.current.type() == TokenType.COMMA) {
                    p.advance();
                    if (p.current.type() != TokenType.CLOSE_BRACE) continue; // a trailing comma is allowed
                }
                p.expect(TokenType.CLOSE_BRACE, "}", ",");
                break;
            }
        }
        p.expectEnd();
        return labels;
    }

    // ---- expressions -----------------------------------------------------------------------------------------

    private Expr expr() {
        Token t = current;
        return switch (t.type()) {
            case OPEN_BRACE -> logExpr();
            case OPEN_PARENTHESIS -> {
                advance();
                Expr inner = expr();
                if (current.type() != TokenType.CLOSE_PARENTHESIS) throw unexpected(current);
                advance();
                yield inner;
            }
            default -> throw startsMetricQuery(t.type())
                    ? new ParseException("metric queries are not supported yet: " + describe(t), t.pos())
                    : unexpected(t);
        };
    }

    private LogSelectorExpr logExpr() {
        Position pos = current.pos();
        List<LabelMatcher> matchers = selector();
        List<LineFilterExpr> filters = new ArrayList<>();
        while (true) {
            LineFilterOp op = lineFilterOp(current.type());
            if (op != null) {
                filters.add(lineFilter(op));
            } else if (current.type() == TokenType.PIPE) {
                throw pipelineStageNotSupported();
            } else {
                return new LogSelectorExpr(matchers, filters, pos);
            }
        }
    }

    /** {@code {name op "value", ...}}; the empty selector {@code {}} parses (validation rejects it). */
    private List<LabelMatcher> selector() {
        expect(TokenType.OPEN_BRACE, "{");
        List<LabelMatcher> matchers = new ArrayList<>();
        if (current.type() == TokenType.CLOSE_BRACE) {
            advance();
            return matchers;
        }
        while (true) {
            Token name = current;
            // Keywords are accepted as label names here: a stream may well have a label called "on" or "json".
            if (!name.type().isWord()) {
                throw matchers.isEmpty() ? unexpected(name, "IDENTIFIER", "}") : unexpected(name, "IDENTIFIER");
            }
            advance();
            LabelMatcher.Type type = switch (current.type()) {
                case EQ -> LabelMatcher.Type.EQ;
                case NEQ -> LabelMatcher.Type.NEQ;
                case RE -> LabelMatcher.Type.RE;
                case NRE -> LabelMatcher.Type.NRE;
                default -> throw unexpected(current, "=", "=~", "!~", "!=");
            };
            advance();
            Token value = expect(TokenType.STRING, "STRING");
            matchers.add(matcher(name.text(), type, value));
            if (current.type() == TokenType.COMMA) {
                advance();
                continue;
            }
            expect(TokenType.CLOSE_BRACE, "}", ",");
            return matchers;
        }
    }

    private static LabelMatcher matcher(String name, LabelMatcher.Type type, Token value) {
        try {
            if (type == LabelMatcher.Type.RE || type == LabelMatcher.Type.NRE) {
                // Checked on its own first so that the error shows the user's regex, not the anchored form.
                Pattern.compile(value.value());
            }
            return LabelMatcher.of(name, type, value.value());
        } catch (PatternSyntaxException e) {
            throw new ParseException(e.getMessage(), value.pos());
        }
    }

    /** {@code op operand (or operand)*}; operands are compiled right away so a bad regex or IP fails here. */
    private LineFilterExpr lineFilter(LineFilterOp op) {
        Position pos = current.pos();
        advance();
        List<FilterArg> alternatives = new ArrayList<>();
        alternatives.add(filterArg());
        while (current.type() == TokenType.OR) {
            advance();
            alternatives.add(filterArg());
        }
        LineFilterExpr filter = new LineFilterExpr(op, alternatives, pos);
        FilterCompiler.compile(filter);
        return filter;
    }

    private FilterArg filterArg() {
        Token t = current;
        if (t.type() == TokenType.STRING) {
            advance();
            return new FilterArg.Text(t.value(), t.pos());
        }
        if (t.type() == TokenType.IP) {
            advance();
            expect(TokenType.OPEN_PARENTHESIS, "(");
            Token pattern = expect(TokenType.STRING, "STRING");
            expect(TokenType.CLOSE_PARENTHESIS, ")");
            return new FilterArg.Ip(pattern.value(), t.pos());
        }
        throw unexpected(t, "STRING", "ip");
    }

    private static LineFilterOp lineFilterOp(TokenType type) {
        return switch (type) {
            case PIPE_EXACT -> LineFilterOp.CONTAINS;
            case NEQ -> LineFilterOp.NOT_CONTAINS;
            case PIPE_MATCH -> LineFilterOp.MATCHES_REGEX;
            case NRE -> LineFilterOp.NOT_MATCHES_REGEX;
            case PIPE_PATTERN -> LineFilterOp.MATCHES_PATTERN;
            case NPA -> LineFilterOp.NOT_MATCHES_PATTERN;
            default -> null;
        };
    }

    // ---- not supported yet -----------------------------------------------------------------------------------

    private ParseException pipelineStageNotSupported() {
        advance(); // the pipe
        Token stage = current;
        return switch (stage.type()) {
            case JSON, LOGFMT, REGEXP, UNPACK, PATTERN, LINE_FMT, LABEL_FMT, DECOLORIZE, DROP, KEEP, UNWRAP ->
                    new ParseException("pipeline stage | " + stage.text().toLowerCase(Locale.ROOT)
                            + " is not supported yet", stage.pos());
            case IDENTIFIER, OPEN_PARENTHESIS ->
                    new ParseException("label filter stages (| " + stage.text() + " ...) are not supported yet", stage.pos());
            default -> unexpected(stage);
        };
    }

    /** Tokens that can only begin a metric query: aggregations, {@code vector(..)}, {@code label_replace}, numbers. */
    private static boolean startsMetricQuery(TokenType type) {
        return switch (type) {
            case NUMBER, ADD, SUB, LABEL_REPLACE, VECTOR -> true;
            case IP, BYTES_CONV, DURATION_CONV, DURATION_SECONDS_CONV -> false;
            default -> type.kind() == TokenType.Kind.FUNCTION;
        };
    }

    private static String describe(Token t) {
        return t.type().kind() == TokenType.Kind.FUNCTION ? t.text().toLowerCase(Locale.ROOT) + "(...)" : t.text();
    }

    // ---- validation ------------------------------------------------------------------------------------------

    private static void validate(Expr expr) {
        switch (expr) {
            case LogSelectorExpr log -> {
                if (log.matchers().stream().allMatch(LabelMatcher::matchesEmpty)) {
                    throw new ParseException(EMPTY_COMPATIBLE_MATCHERS);
                }
            }
        }
    }

    private static String requireWithinSizeLimit(String input) {
        long size = input.length() >= MAX_INPUT_SIZE ? input.length() : utf8Length(input);
        if (size >= MAX_INPUT_SIZE) {
            long bytes = utf8Length(input);
            throw new ParseException("input size too long (" + bytes + " > " + MAX_INPUT_SIZE + ")");
        }
        return input;
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isLabelName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) return false;
        }
        return true;
    }

    // ---- tokens ----------------------------------------------------------------------------------------------

    private Token advance() {
        Token t = current;
        current = lexer.next();
        return t;
    }

    /** Consumes a token of {@code type}, or fails naming what was expected (Loki's token names). */
    private Token expect(TokenType type, String... expected) {
        if (current.type() != type) throw unexpected(current, expected);
        return advance();
    }

    private void expectEnd() {
        if (current.type() != TokenType.EOF) throw unexpected(current);
    }

    private static ParseException unexpected(Token t, String... expected) {
        StringBuilder sb = new StringBuilder("syntax error: unexpected ").append(t.type().display());
        if (expected.length > 0) sb.append(", expecting ").append(String.join(" or ", expected));
        return new ParseException(sb.toString(), t.pos());
    }
}
