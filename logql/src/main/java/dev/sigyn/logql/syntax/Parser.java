package dev.sigyn.logql.syntax;

import com.google.re2j.PatternSyntaxException;
import dev.sigyn.format.Quoting;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.UserRegex;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.filter.InvalidFilterException;
import dev.sigyn.logql.filter.LineFilters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent parser for the whole of LogQL with one token of look-ahead, following the grammar and the
 * parse-time checks of Loki's {@code syntax.y} / {@code ast.go}. Syntax errors read like Loki's
 * ({@code parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,}); validation errors have
 * no position, as in Loki ({@code parse error : grouping not allowed for count_over_time aggregation}).
 *
 * <p>Binary operators, lowest first: {@code or} &lt; {@code and}/{@code unless} &lt; comparisons &lt;
 * {@code + -} &lt; {@code * / %} &lt; {@code ^} (right-associative). Any malformed input throws
 * {@link ParseException}, never another exception.
 */
public final class Parser {
    /** Loki's limit on the query text, in UTF-8 bytes. */
    static final int MAX_INPUT_SIZE = 131072;

    /** Nesting deeper than this is refused rather than risking the thread's stack. */
    private static final int MAX_DEPTH = 500;

    static final String EMPTY_COMPATIBLE_MATCHERS = "queries require at least one regexp or equality matcher that "
            + "does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, "
            + "but app=~\".+\" will";

    private final Lexer lexer;
    private Token current;
    private int depth;
    /** Parentheses open around the current operand: they add no depth to the tree, but recursion all the same. */
    private int parentheses;

    private Parser(String input) {
        this.lexer = new Lexer(input);
        this.current = lexer.next();
    }

    /**
     * Parses and validates a whole query. Every selector must have at least one matcher that does not match the
     * empty string (Loki's rule, so a query never selects every stream).
     */
    public static Expr parseExpr(String query) {
        Parser p = new Parser(requireWithinSizeLimit(query));
        Expr expr = p.expr(0);
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
        Expr expr = p.expr(0);
        p.expectEnd();
        return switch (expr) {
            case LogSelectorExpr log when log.stages().isEmpty() -> log.matchers();
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
                    throw new ParseException("invalid label name " + Quoting.quote(name.text()), name.pos());
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

    // ---- expressions and binary operators ----------------------------------------------------------------------

    /** Precedence climbing: operands joined by operators binding at least as tightly as {@code minPrecedence}. */
    private Expr expr(int minPrecedence) {
        nest();
        int levels = 1;
        Expr left = operand();
        while (true) {
            BinaryOpExpr.Op op = binaryOp(current.type());
            if (op == null || op.precedence() < minPrecedence) break;
            advance();
            BinaryOpExpr.Modifier modifier = binaryModifier(op);
            // Each operator after the first puts the tree one level deeper without recursing here, but everything
            // that walks the tree afterwards recurses: a chain counts against the same depth limit.
            if (left instanceof BinaryOpExpr) {
                nest();
                levels++;
            }
            Expr right = expr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
            left = binary(op, left, right, modifier);
        }
        depth -= levels;
        return left;
    }

    private static BinaryOpExpr.Op binaryOp(TokenType type) {
        return switch (type) {
            case OR -> BinaryOpExpr.Op.OR;
            case AND -> BinaryOpExpr.Op.AND;
            case UNLESS -> BinaryOpExpr.Op.UNLESS;
            case CMP_EQ -> BinaryOpExpr.Op.EQ;
            case NEQ -> BinaryOpExpr.Op.NEQ;
            case GT -> BinaryOpExpr.Op.GT;
            case GTE -> BinaryOpExpr.Op.GTE;
            case LT -> BinaryOpExpr.Op.LT;
            case LTE -> BinaryOpExpr.Op.LTE;
            case ADD -> BinaryOpExpr.Op.ADD;
            case SUB -> BinaryOpExpr.Op.SUB;
            case MUL -> BinaryOpExpr.Op.MUL;
            case DIV -> BinaryOpExpr.Op.DIV;
            case MOD -> BinaryOpExpr.Op.MOD;
            case POW -> BinaryOpExpr.Op.POW;
            default -> null;
        };
    }

    /** {@code [bool] [on|ignoring (labels) [group_left|group_right [(labels)]]]}. */
    private BinaryOpExpr.Modifier binaryModifier(BinaryOpExpr.Op op) {
        boolean returnBool = false;
        if (current.type() == TokenType.BOOL) {
            if (!op.isComparison()) {
                throw new ParseException("bool modifier can only be used on comparison operators", current.pos());
            }
            advance();
            returnBool = true;
        }
        boolean on = false;
        List<String> matching = List.of();
        BinaryOpExpr.Cardinality card = BinaryOpExpr.Cardinality.ONE_TO_ONE;
        List<String> include = List.of();
        if (current.type() == TokenType.ON || current.type() == TokenType.IGNORING) {
            on = advance().type() == TokenType.ON;
            matching = labelList();
            if (current.type() == TokenType.GROUP_LEFT || current.type() == TokenType.GROUP_RIGHT) {
                card = advance().type() == TokenType.GROUP_LEFT
                        ? BinaryOpExpr.Cardinality.MANY_TO_ONE : BinaryOpExpr.Cardinality.ONE_TO_MANY;
                // As in Loki's grammar, "(" right after group_left always opens its label list.
                if (current.type() == TokenType.OPEN_PARENTHESIS) include = labelList();
            }
        }
        return new BinaryOpExpr.Modifier(returnBool, on, matching, card, include);
    }

    private static Expr binary(BinaryOpExpr.Op op, Expr left, Expr right, BinaryOpExpr.Modifier modifier) {
        if (!(left instanceof SampleExpr lhs)) {
            throw new ParseException("unexpected type for left leg of binary operation (" + op.symbol() + "): log query");
        }
        if (!(right instanceof SampleExpr rhs)) {
            throw new ParseException("unexpected type for right leg of binary operation (" + op.symbol() + "): log query");
        }
        // Loki folds operations between numbers into one number, so either leg may be such an operation here.
        if (op.isSetOperator()) {
            if (isScalar(lhs)) {
                throw new ParseException("unexpected literal for left leg of logical/set binary operation ("
                        + op.symbol() + "): " + Printer.print(lhs));
            }
            if (isScalar(rhs)) {
                throw new ParseException("unexpected literal for right leg of logical/set binary operation ("
                        + op.symbol() + "): " + Printer.print(rhs));
            }
        }
        return new BinaryOpExpr(op, lhs, rhs, modifier, lhs.pos());
    }

    /** A number, or an operation between numbers only. */
    private static boolean isScalar(SampleExpr e) {
        return e instanceof LiteralExpr
                || (e instanceof BinaryOpExpr b && isScalar(b.lhs()) && isScalar(b.rhs()));
    }

    /** One operand of a binary operation. */
    private Expr operand() {
        Token t = current;
        switch (t.type()) {
            case OPEN_BRACE:
                return logSelector();
            case OPEN_PARENTHESIS: {
                // Grouping adds no level to the tree, so it does not count against the depth of the query (the
                // printed form of a deep tree, parenthesised throughout, parses again); it has a limit of its own.
                if (++parentheses > MAX_DEPTH) throw new ParseException("query is nested too deeply", t.pos());
                advance();
                depth--;
                Expr inner;
                try {
                    inner = expr(0);
                } finally {
                    depth++;
                    parentheses--;
                }
                expect(TokenType.CLOSE_PARENTHESIS, ")");
                return inner;
            }
            case NUMBER, ADD, SUB:
                return literal();
            case VECTOR:
                return vector();
            case LABEL_REPLACE:
                return labelReplace();
            default:
                RangeAggregationExpr.Op rangeOp = rangeOp(t.type());
                if (rangeOp != null) return rangeAggregation(rangeOp);
                VectorAggregationExpr.Op vectorOp = vectorOp(t.type());
                if (vectorOp != null) return vectorAggregation(vectorOp);
                throw unexpected(t);
        }
    }

    /** {@code NUMBER}, {@code +NUMBER} or {@code -NUMBER}. */
    private LiteralExpr literal() {
        Position pos = current.pos();
        boolean negative = false;
        if (current.type() == TokenType.ADD || current.type() == TokenType.SUB) {
            negative = advance().type() == TokenType.SUB;
        }
        Token number = expect(TokenType.NUMBER, "NUMBER");
        double v = number(number);
        return new LiteralExpr(negative ? -v : v, pos);
    }

    /** A NUMBER token's value, as Go's {@code strconv.ParseFloat} reads it. */
    private static double number(Token t) {
        String s = t.text();
        String lower = s.toLowerCase(Locale.ROOT);
        boolean hex = lower.startsWith("0x");
        boolean ok = !(lower.startsWith("0o") || lower.startsWith("0b")) && (!hex || lower.contains("p"));
        if (ok) {
            try {
                double v = Double.parseDouble(s);
                if (!Double.isInfinite(v)) return v;
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new ParseException("unable to parse literal as a float: " + s, t.pos());
    }

    private VectorExpr vector() {
        Position pos = advance().pos();
        expect(TokenType.OPEN_PARENTHESIS, "(");
        Token n = expect(TokenType.NUMBER, "NUMBER");
        expect(TokenType.CLOSE_PARENTHESIS, ")");
        return new VectorExpr(number(n), pos);
    }

    /** {@code label_replace(expr, "dst", "replacement", "src", "regex")}. */
    private LabelReplaceExpr labelReplace() {
        Position pos = advance().pos();
        expect(TokenType.OPEN_PARENTHESIS, "(");
        SampleExpr inner = sampleArgument();
        String[] args = new String[4];
        for (int i = 0; i < 4; i++) {
            expect(TokenType.COMMA, ",");
            args[i] = expect(TokenType.STRING, "STRING").value();
        }
        expect(TokenType.CLOSE_PARENTHESIS, ")");
        try {
            UserRegex.compile("^(?:" + args[3] + ")$");
        } catch (PatternSyntaxException e) {
            throw new ParseException("invalid regex in label_replace: " + e.getMessage());
        }
        if (!isLabelName(args[0])) {
            throw new ParseException("invalid destination label name in label_replace: " + args[0]);
        }
        return new LabelReplaceExpr(inner, args[0], args[1], args[2], args[3], pos);
    }

    /** A metric expression as the argument of a function; a log query there is a syntax error, as in Loki. */
    private SampleExpr sampleArgument() {
        Expr e = expr(0);
        if (e instanceof SampleExpr s) return s;
        throw unexpected(current);
    }

    // ---- aggregations ------------------------------------------------------------------------------------------

    private static RangeAggregationExpr.Op rangeOp(TokenType type) {
        return switch (type) {
            case COUNT_OVER_TIME -> RangeAggregationExpr.Op.COUNT_OVER_TIME;
            case RATE -> RangeAggregationExpr.Op.RATE;
            case RATE_COUNTER -> RangeAggregationExpr.Op.RATE_COUNTER;
            case BYTES_OVER_TIME -> RangeAggregationExpr.Op.BYTES_OVER_TIME;
            case BYTES_RATE -> RangeAggregationExpr.Op.BYTES_RATE;
            case AVG_OVER_TIME -> RangeAggregationExpr.Op.AVG_OVER_TIME;
            case SUM_OVER_TIME -> RangeAggregationExpr.Op.SUM_OVER_TIME;
            case MIN_OVER_TIME -> RangeAggregationExpr.Op.MIN_OVER_TIME;
            case MAX_OVER_TIME -> RangeAggregationExpr.Op.MAX_OVER_TIME;
            case STDVAR_OVER_TIME -> RangeAggregationExpr.Op.STDVAR_OVER_TIME;
            case STDDEV_OVER_TIME -> RangeAggregationExpr.Op.STDDEV_OVER_TIME;
            case QUANTILE_OVER_TIME -> RangeAggregationExpr.Op.QUANTILE_OVER_TIME;
            case FIRST_OVER_TIME -> RangeAggregationExpr.Op.FIRST_OVER_TIME;
            case LAST_OVER_TIME -> RangeAggregationExpr.Op.LAST_OVER_TIME;
            case ABSENT_OVER_TIME -> RangeAggregationExpr.Op.ABSENT_OVER_TIME;
            default -> null;
        };
    }

    private static VectorAggregationExpr.Op vectorOp(TokenType type) {
        return switch (type) {
            case SUM -> VectorAggregationExpr.Op.SUM;
            case AVG -> VectorAggregationExpr.Op.AVG;
            case MIN -> VectorAggregationExpr.Op.MIN;
            case MAX -> VectorAggregationExpr.Op.MAX;
            case COUNT -> VectorAggregationExpr.Op.COUNT;
            case STDDEV -> VectorAggregationExpr.Op.STDDEV;
            case STDVAR -> VectorAggregationExpr.Op.STDVAR;
            case TOPK -> VectorAggregationExpr.Op.TOPK;
            case BOTTOMK -> VectorAggregationExpr.Op.BOTTOMK;
            case APPROX_TOPK -> VectorAggregationExpr.Op.APPROX_TOPK;
            case SORT -> VectorAggregationExpr.Op.SORT;
            case SORT_DESC -> VectorAggregationExpr.Op.SORT_DESC;
            default -> null;
        };
    }

    /** {@code op([NUMBER,] logRange) [grouping]}, then Loki's checks of parameter, grouping and unwrap. */
    private RangeAggregationExpr rangeAggregation(RangeAggregationExpr.Op op) {
        Position pos = advance().pos();
        expect(TokenType.OPEN_PARENTHESIS, "(");
        Token param = null;
        if (current.type() == TokenType.NUMBER) {
            param = advance();
            expect(TokenType.COMMA, ",");
        }
        LogRange range = logRange();
        expect(TokenType.CLOSE_PARENTHESIS, ")");
        Grouping grouping = isGrouping(current.type()) ? grouping() : null;

        String name = op.function();
        Double value = null;
        if (param != null) {
            if (op != RangeAggregationExpr.Op.QUANTILE_OVER_TIME) {
                throw new ParseException("parameter " + param.text() + " not supported for operation " + name);
            }
            try {
                value = number(param);
            } catch (ParseException e) {
                throw new ParseException("invalid parameter for operation " + name + ": " + e.detail());
            }
        } else if (op == RangeAggregationExpr.Op.QUANTILE_OVER_TIME) {
            throw new ParseException("parameter required for operation " + name);
        }
        if (grouping != null && !allowsGrouping(op)) {
            throw new ParseException("grouping not allowed for " + name + " aggregation");
        }
        if (range.unwrap() != null && !allowsUnwrap(op)) {
            throw new ParseException("invalid aggregation " + name + " with unwrap");
        }
        if (range.unwrap() == null && !worksOnLines(op)) {
            throw new ParseException("invalid aggregation " + name + " without unwrap");
        }
        return new RangeAggregationExpr(op, range, value, grouping, pos);
    }

    private static boolean allowsGrouping(RangeAggregationExpr.Op op) {
        return switch (op) {
            case AVG_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME, QUANTILE_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME,
                 FIRST_OVER_TIME, LAST_OVER_TIME -> true;
            default -> false;
        };
    }

    private static boolean allowsUnwrap(RangeAggregationExpr.Op op) {
        return switch (op) {
            case COUNT_OVER_TIME, BYTES_OVER_TIME, BYTES_RATE -> false;
            default -> true;
        };
    }

    private static boolean worksOnLines(RangeAggregationExpr.Op op) {
        return switch (op) {
            case COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE, ABSENT_OVER_TIME -> true;
            default -> false;
        };
    }

    /**
     * {@code op [grouping] ([NUMBER,] expr) [grouping]}. A NUMBER followed by a comma is the parameter; alone it is
     * the aggregated literal, as in Loki's grammar.
     */
    private VectorAggregationExpr vectorAggregation(VectorAggregationExpr.Op op) {
        Position pos = advance().pos();
        Grouping grouping = isGrouping(current.type()) ? grouping() : null;
        expect(TokenType.OPEN_PARENTHESIS, "(");
        Token first = current;
        Expr arg = expr(0);
        Token param = null;
        if (current.type() == TokenType.COMMA && first.type() == TokenType.NUMBER && arg instanceof LiteralExpr) {
            advance();
            param = first;
            arg = expr(0);
        }
        if (!(arg instanceof SampleExpr inner)) throw unexpected(current);
        expect(TokenType.CLOSE_PARENTHESIS, ")");
        if (grouping == null && isGrouping(current.type())) grouping = grouping();

        String name = op.function();
        Integer k = null;
        if (op.takesParam()) {
            if (param == null) throw new ParseException("parameter required for operation " + name);
            String text = param.text();
            try {
                if (!text.chars().allMatch(Units::isAsciiDigit)) throw new NumberFormatException();
                k = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new ParseException("invalid parameter " + name + "(" + text + ",");
            }
            if (k <= 0) throw new ParseException("invalid parameter (must be greater than 0) " + name + "(" + text);
            if (op == VectorAggregationExpr.Op.APPROX_TOPK && grouping != null) {
                throw new ParseException("grouping not allowed for " + name + " aggregation");
            }
        } else if (param != null) {
            throw new ParseException("unsupported parameter for operation " + name + "(" + param.text() + ",");
        }
        return new VectorAggregationExpr(op, k, grouping == null ? Grouping.NONE : grouping, inner, pos);
    }

    private static boolean isGrouping(TokenType type) {
        return type == TokenType.BY || type == TokenType.WITHOUT;
    }

    /** {@code by (labels)} or {@code without (labels)}. */
    private Grouping grouping() {
        boolean without = advance().type() == TokenType.WITHOUT;
        return new Grouping(without, labelList());
    }

    /** {@code ( [IDENTIFIER (, IDENTIFIER)*] )}. */
    private List<String> labelList() {
        expect(TokenType.OPEN_PARENTHESIS, "(");
        List<String> labels = new ArrayList<>();
        if (current.type() == TokenType.CLOSE_PARENTHESIS) {
            advance();
            return labels;
        }
        while (true) {
            labels.add(expect(TokenType.IDENTIFIER, "IDENTIFIER").text());
            if (current.type() == TokenType.COMMA) {
                advance();
                continue;
            }
            expect(TokenType.CLOSE_PARENTHESIS, ")", ",");
            return labels;
        }
    }

    // ---- log ranges --------------------------------------------------------------------------------------------

    /**
     * The argument of a range aggregation, in any of Loki's forms: {@code sel pipeline [unwrap] [5m] [offset d]},
     * {@code sel [5m] [offset d] pipeline [unwrap]}, {@code (sel pipeline [unwrap]) [5m] [offset d]} and
     * {@code (logRange)}.
     */
    private LogRange logRange() {
        nest();
        LogRange range;
        if (current.type() == TokenType.OPEN_PARENTHESIS) {
            advance();
            if (current.type() == TokenType.OPEN_BRACE) {
                RangeBody body = rangeBody();
                expect(TokenType.CLOSE_PARENTHESIS, ")");
                if (body.range == null) rangeAndOffset(body); // (selector pipeline) [5m]
                range = body.build();
            } else {
                range = logRange();
                expect(TokenType.CLOSE_PARENTHESIS, ")");
            }
        } else {
            if (current.type() != TokenType.OPEN_BRACE) throw unexpected(current, "{", "(");
            RangeBody body = rangeBody();
            if (body.range == null) throw unexpected(current, "RANGE");
            range = body.build();
        }
        depth--;
        return range;
    }

    /** What has been read of a log range so far. */
    private static final class RangeBody {
        LogSelectorExpr selector;
        List<StageExpr> stages = new ArrayList<>();
        UnwrapExpr unwrap;
        Token range;
        long offset;

        LogRange build() {
            LogSelectorExpr withStages = new LogSelectorExpr(selector.matchers(), stages, selector.pos());
            return new LogRange(withStages, range.number(), offset, unwrap, selector.pos());
        }
    }

    /** A selector with pipeline and unwrap, and the range if one follows (with offset and a pipeline after it). */
    private RangeBody rangeBody() {
        RangeBody body = new RangeBody();
        Position pos = current.pos();
        body.selector = new LogSelectorExpr(selector(), List.of(), pos);
        body.unwrap = pipeline(body.stages, true);
        boolean pipelineBefore = !body.stages.isEmpty() || body.unwrap != null;
        if (current.type() != TokenType.RANGE) return body;
        rangeAndOffset(body);
        if (!pipelineBefore) body.unwrap = pipeline(body.stages, true);
        return body;
    }

    private void rangeAndOffset(RangeBody body) {
        body.range = expect(TokenType.RANGE, "RANGE");
        if (current.type() == TokenType.OFFSET) {
            advance();
            body.offset = expect(TokenType.DURATION, "DURATION").number();
        }
    }

    // ---- log queries and pipelines -----------------------------------------------------------------------------

    private LogSelectorExpr logSelector() {
        Position pos = current.pos();
        List<LabelMatcher> matchers = selector();
        List<StageExpr> stages = new ArrayList<>();
        pipeline(stages, false);
        return new LogSelectorExpr(matchers, stages, pos);
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
            LabelMatcher.Type type = matcherType(current);
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

    private static LabelMatcher.Type matcherType(Token t) {
        return switch (t.type()) {
            case EQ -> LabelMatcher.Type.EQ;
            case NEQ -> LabelMatcher.Type.NEQ;
            case RE -> LabelMatcher.Type.RE;
            case NRE -> LabelMatcher.Type.NRE;
            default -> throw unexpected(t, "=", "=~", "!~", "!=");
        };
    }

    private static LabelMatcher matcher(String name, LabelMatcher.Type type, Token value) {
        try {
            if (type == LabelMatcher.Type.RE || type == LabelMatcher.Type.NRE) {
                // Checked on its own first so that the error shows the user's regex, not the anchored form.
                UserRegex.compile(value.value());
            }
            return LabelMatcher.of(name, type, value.value());
        } catch (PatternSyntaxException e) {
            throw new ParseException(e.getMessage(), value.pos());
        }
    }

    /**
     * Pipeline stages, appended to {@code stages}, until a token that cannot continue the pipeline. With
     * {@code allowUnwrap}, a {@code | unwrap ...} ends the pipeline and is returned (null when there is none).
     */
    private UnwrapExpr pipeline(List<StageExpr> stages, boolean allowUnwrap) {
        while (true) {
            LineFilterOp op = lineFilterOp(current.type());
            if (op != null) {
                stages.add(lineFilter(op));
                continue;
            }
            if (current.type() != TokenType.PIPE) return null;
            advance();
            Token t = current;
            switch (t.type()) {
                case JSON -> {
                    advance();
                    stages.add(new StageExpr.Json(extractions(), t.pos()));
                }
                case LOGFMT -> stages.add(logfmt());
                case REGEXP -> {
                    advance();
                    Token regex = expect(TokenType.STRING, "STRING");
                    checkRegex(regex);
                    stages.add(new StageExpr.Regexp(regex.value(), t.pos()));
                }
                case PATTERN -> {
                    advance();
                    stages.add(new StageExpr.Pattern(expect(TokenType.STRING, "STRING").value(), t.pos()));
                }
                case UNPACK -> {
                    advance();
                    stages.add(new StageExpr.Unpack(t.pos()));
                }
                case LINE_FMT -> {
                    advance();
                    Token tmpl = expect(TokenType.STRING, "STRING");
                    TemplateCheck.check("line", tmpl.value(), tmpl.pos());
                    stages.add(new StageExpr.LineFormat(tmpl.value(), t.pos()));
                }
                case LABEL_FMT -> stages.add(labelFormat());
                case DECOLORIZE -> {
                    advance();
                    stages.add(new StageExpr.Decolorize(t.pos()));
                }
                case DROP -> {
                    advance();
                    stages.add(new StageExpr.Drop(namedMatchers(), t.pos()));
                }
                case KEEP -> {
                    advance();
                    stages.add(new StageExpr.Keep(namedMatchers(), t.pos()));
                }
                case IDENTIFIER, OPEN_PARENTHESIS -> stages.add(new StageExpr.LabelFilter(labelFilter(), t.pos()));
                case UNWRAP -> {
                    if (!allowUnwrap) throw unexpected(t);
                    return unwrap();
                }
                default -> throw unexpected(t);
            }
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
            return new FilterArg.Ip(ipArgument(), t.pos());
        }
        throw unexpected(t, "STRING", "ip");
    }

    /** {@code ip("...")}; the pattern is returned unchecked. */
    private String ipArgument() {
        expect(TokenType.IP, "ip");
        expect(TokenType.OPEN_PARENTHESIS, "(");
        Token pattern = expect(TokenType.STRING, "STRING");
        expect(TokenType.CLOSE_PARENTHESIS, ")");
        return pattern.value();
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

    /** {@code logfmt [--strict] [--keep-empty] [extractions]}. */
    private StageExpr.Logfmt logfmt() {
        Position pos = advance().pos();
        boolean strict = false;
        boolean keepEmpty = false;
        while (current.type() == TokenType.FUNCTION_FLAG) {
            String flag = advance().value();
            if (flag.equals("--strict")) strict = true;
            else keepEmpty = true;
        }
        return new StageExpr.Logfmt(strict, keepEmpty, extractions(), pos);
    }

    /** {@code a="expr", b, ...} after {@code json}/{@code logfmt}; empty when no identifier follows. */
    private List<StageExpr.Extraction> extractions() {
        List<StageExpr.Extraction> list = new ArrayList<>();
        if (current.type() != TokenType.IDENTIFIER) return list;
        while (true) {
            String label = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
            String expression = label;
            if (current.type() == TokenType.EQ) {
                advance();
                expression = expect(TokenType.STRING, "STRING").value();
            }
            list.add(new StageExpr.Extraction(label, expression));
            if (current.type() != TokenType.COMMA) return list;
            advance();
        }
    }

    private static void checkRegex(Token regex) {
        try {
            UserRegex.compile(regex.value());
        } catch (PatternSyntaxException e) {
            throw new ParseException(e.getMessage(), regex.pos());
        }
    }

    /** {@code label_format dst=src, dst="template", ...}. */
    private StageExpr.LabelFormat labelFormat() {
        Position pos = advance().pos();
        List<StageExpr.LabelFmt> list = new ArrayList<>();
        while (true) {
            String dst = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
            expect(TokenType.EQ, "=");
            Token value = current;
            if (value.type() == TokenType.IDENTIFIER) {
                advance();
                list.add(StageExpr.LabelFmt.rename(dst, value.text()));
            } else {
                expect(TokenType.STRING, "IDENTIFIER", "STRING");
                TemplateCheck.check("label", value.value(), value.pos());
                list.add(StageExpr.LabelFmt.template(dst, value.value()));
            }
            if (current.type() != TokenType.COMMA) return new StageExpr.LabelFormat(list, pos);
            advance();
        }
    }

    /** {@code a, b="v", c=~"re"} of {@code drop}/{@code keep}. */
    private List<StageExpr.NamedMatcher> namedMatchers() {
        List<StageExpr.NamedMatcher> list = new ArrayList<>();
        while (true) {
            String name = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
            switch (current.type()) {
                case EQ, NEQ, RE, NRE -> {
                    LabelMatcher.Type type = matcherType(advance());
                    list.add(StageExpr.NamedMatcher.of(matcher(name, type, expect(TokenType.STRING, "STRING"))));
                }
                default -> list.add(StageExpr.NamedMatcher.named(name));
            }
            if (current.type() != TokenType.COMMA) return list;
            advance();
        }
    }

    /** {@code unwrap label} or {@code unwrap conv(label)}, then {@code | labelFilter}s. */
    private UnwrapExpr unwrap() {
        Position pos = advance().pos();
        UnwrapExpr.Conversion conversion = switch (current.type()) {
            case BYTES_CONV -> UnwrapExpr.Conversion.BYTES;
            case DURATION_CONV -> UnwrapExpr.Conversion.DURATION;
            case DURATION_SECONDS_CONV -> UnwrapExpr.Conversion.DURATION_SECONDS;
            default -> UnwrapExpr.Conversion.NONE;
        };
        String label;
        if (conversion == UnwrapExpr.Conversion.NONE) {
            label = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
        } else {
            advance();
            expect(TokenType.OPEN_PARENTHESIS, "(");
            label = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
            expect(TokenType.CLOSE_PARENTHESIS, ")");
        }
        List<LabelFilterExpr> post = new ArrayList<>();
        while (current.type() == TokenType.PIPE) {
            advance();
            if (!startsLabelFilter(current.type())) throw unexpected(current, "IDENTIFIER", "(");
            post.add(labelFilter());
        }
        return new UnwrapExpr(label, conversion, post, pos);
    }

    // ---- label filters -------------------------------------------------------------------------------------------

    private static boolean startsLabelFilter(TokenType type) {
        return type == TokenType.IDENTIFIER || type == TokenType.OPEN_PARENTHESIS;
    }

    /** {@code a or b}: the loosest level. */
    private LabelFilterExpr labelFilter() {
        nest();
        LabelFilterExpr left = labelFilterAnd();
        while (current.type() == TokenType.OR) {
            advance();
            left = new LabelFilterExpr.Or(left, labelFilterAnd(), left.pos());
        }
        depth--;
        return left;
    }

    private LabelFilterExpr labelFilterAnd() {
        LabelFilterExpr left = labelFilterTerm();
        while (current.type() == TokenType.AND) {
            advance();
            left = new LabelFilterExpr.And(left, labelFilterTerm(), left.pos());
        }
        return left;
    }

    /**
     * One filter, and — after {@code ,} or when another filter follows directly — everything after it: Loki's
     * grammar gives these two forms no precedence, so its parser always shifts and they group to the right.
     */
    private LabelFilterExpr labelFilterTerm() {
        LabelFilterExpr first = labelFilterPrimary();
        if (current.type() == TokenType.COMMA) {
            advance();
            return new LabelFilterExpr.And(first, labelFilter(), first.pos());
        }
        if (startsLabelFilter(current.type())) return new LabelFilterExpr.And(first, labelFilter(), first.pos());
        return first;
    }

    private LabelFilterExpr labelFilterPrimary() {
        if (current.type() == TokenType.OPEN_PARENTHESIS) {
            advance();
            LabelFilterExpr inner = labelFilter();
            expect(TokenType.CLOSE_PARENTHESIS, ")");
            return inner;
        }
        Token name = expect(TokenType.IDENTIFIER, "IDENTIFIER", "(");
        Token op = advance();
        Position pos = name.pos();
        switch (op.type()) {
            case EQ, NEQ -> {
                if (current.type() == TokenType.STRING) {
                    return new LabelFilterExpr.Match(matcher(name.text(), matcherType(op), advance()), pos);
                }
                if (current.type() == TokenType.IP) {
                    Token ipToken = current;
                    String pattern = ipArgument();
                    try {
                        LineFilters.ip(pattern);
                    } catch (InvalidFilterException e) {
                        throw new ParseException(e.getMessage(), ipToken.pos());
                    }
                    return new LabelFilterExpr.Ip(name.text(), op.type() == TokenType.EQ, pattern, pos);
                }
                return comparison(name, op.type() == TokenType.EQ ? LabelFilterExpr.Cmp.EQ : LabelFilterExpr.Cmp.NEQ);
            }
            case RE, NRE -> {
                Token value = expect(TokenType.STRING, "STRING");
                return new LabelFilterExpr.Match(matcher(name.text(), matcherType(op), value), pos);
            }
            case CMP_EQ -> {
                return comparison(name, LabelFilterExpr.Cmp.EQ);
            }
            case GT -> {
                return comparison(name, LabelFilterExpr.Cmp.GT);
            }
            case GTE -> {
                return comparison(name, LabelFilterExpr.Cmp.GTE);
            }
            case LT -> {
                return comparison(name, LabelFilterExpr.Cmp.LT);
            }
            case LTE -> {
                return comparison(name, LabelFilterExpr.Cmp.LTE);
            }
            default -> throw unexpected(op, "=", "!=", "=~", "!~", "==", ">", ">=", "<", "<=");
        }
    }

    /** A duration, byte size or (signed) number compared with label {@code name}. */
    private LabelFilterExpr comparison(Token name, LabelFilterExpr.Cmp cmp) {
        Token value = current;
        return switch (value.type()) {
            case DURATION -> {
                advance();
                yield new LabelFilterExpr.Duration(name.text(), cmp, value.number(), name.pos());
            }
            case BYTES -> {
                advance();
                yield new LabelFilterExpr.Bytes(name.text(), cmp, value.number(), name.pos());
            }
            case NUMBER, ADD, SUB -> new LabelFilterExpr.Number(name.text(), cmp, literal().value(), name.pos());
            default -> throw unexpected(value, "STRING", "NUMBER", "DURATION", "BYTES");
        };
    }

    // ---- validation ------------------------------------------------------------------------------------------

    private static void validate(Expr expr) {
        switch (expr) {
            case LogSelectorExpr log -> {
                if (log.matchers().stream().allMatch(LabelMatcher::matchesEmpty)) {
                    throw new ParseException(EMPTY_COMPATIBLE_MATCHERS);
                }
            }
            case RangeAggregationExpr r -> validate(r.range().selector());
            case VectorAggregationExpr v -> validate(v.inner());
            case BinaryOpExpr b -> {
                validate(b.lhs());
                validate(b.rhs());
            }
            case LabelReplaceExpr l -> validate(l.inner());
            case LiteralExpr ignored -> {
            }
            case VectorExpr ignored -> {
            }
        }
    }

    private static String requireWithinSizeLimit(String input) {
        long size = input.length() >= MAX_INPUT_SIZE ? input.length() : Utf8.length(input);
        if (size >= MAX_INPUT_SIZE) {
            long bytes = Utf8.length(input);
            throw new ParseException("input size too long (" + bytes + " > " + MAX_INPUT_SIZE + ")");
        }
        return input;
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

    private void nest() {
        if (++depth > MAX_DEPTH) throw new ParseException("query is nested too deeply", current.pos());
    }

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
