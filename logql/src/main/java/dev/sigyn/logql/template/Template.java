package dev.sigyn.logql.template;

import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.template.Node.*;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Go text/template as used by LogQL's {@code line_format} and {@code label_format}: parsed once, then rendered
 * per line against the line's labels (the dot, with missing labels reading as ""), {@code __line__} and
 * {@code __timestamp__}. Loki's and sprig's functions are available. Instances are immutable and thread-safe.
 */
public final class Template {
    private static final Map<String, TemplateFunction> FUNCTIONS = TemplateFunction.table(List.of(
            BuiltinFunctions.all(), StringFunctions.all(), MathFunctions.all(), TimeFunctions.all()));
    private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(256));
    private static final int MAX_RETAINED_BUFFER = 64 * 1024;

    private final String name;
    private final String text;
    private final ListNode root;
    private final Set<String> variables;
    private final Map<String, ListNode> defined;

    private Template(String name, String text, Parser.Parsed parsed, Set<String> variables) {
        this.variables = variables;
        this.name = name;
        this.text = text;
        this.root = parsed.root();
        this.defined = parsed.defined();
    }

    /** Parses a line_format template; errors read like Go's: {@code template: line:1: unexpected "}" in operand}. */
    public static Template parse(String text) throws TemplateException {
        return parse("line", text);
    }

    /** Parses with the template name used in messages (Loki uses "line" for line_format, "label" for label_format). */
    public static Template parse(String name, String text) throws TemplateException {
        try {
            return new Template(name, text, Parser.parse(name, text, FUNCTIONS), Set.of());
        } catch (Parser.ParseError e) {
            throw new TemplateException(e.getMessage());
        }
    }

    /**
     * Parses a template that may also read the named variables (with their "$", e.g. {@code $labels}), given values
     * by {@link #execute(TemplateContext, Map)}: Prometheus' alert templates read {@code $labels} and {@code $value}.
     */
    public static Template parse(String name, String text, Set<String> variables) throws TemplateException {
        for (String v : variables) {
            if (!v.startsWith("$") || v.length() < 2) throw new IllegalArgumentException("not a variable name: " + v);
        }
        try {
            return new Template(name, text, Parser.parse(name, text, FUNCTIONS, variables), Set.copyOf(variables));
        } catch (Parser.ParseError e) {
            throw new TemplateException(e.getMessage());
        }
    }

    /**
     * Renders the template for one line.
     *
     * @throws LimitExceededException when a value or the output would pass {@link TemplateLimits}: the query is
     *         at fault, not the line, so this is not a {@link TemplateExecutionException}
     */
    public String execute(TemplateContext ctx) throws TemplateExecutionException {
        StringBuilder out = BUFFER.get();
        out.setLength(0);
        try {
            execute(ctx, out);
            return out.toString();
        } finally {
            if (out.capacity() > MAX_RETAINED_BUFFER) BUFFER.remove();
        }
    }

    /** Renders the template for one line, appending to {@code out}; throws as {@link #execute(TemplateContext)}. */
    public void execute(TemplateContext ctx, StringBuilder out) throws TemplateExecutionException {
        execute(ctx, Map.of(), out);
    }

    /**
     * Renders with the variables this template was parsed with bound to {@code values}: a String, Double, Long or
     * Boolean as Go's, a {@code Map<String, String>} as a map of labels (an absent key reads as "", as Prometheus'
     * {@code missingkey=zero}). A declared variable without a value is an error of the caller.
     */
    public String execute(TemplateContext ctx, Map<String, Object> values) throws TemplateExecutionException {
        if (!values.keySet().equals(variables)) {
            throw new IllegalArgumentException("values for " + values.keySet() + ", template declares " + variables);
        }
        StringBuilder out = BUFFER.get();
        out.setLength(0);
        try {
            execute(ctx, values, out);
            return out.toString();
        } finally {
            if (out.capacity() > MAX_RETAINED_BUFFER) BUFFER.remove();
        }
    }

    private void execute(TemplateContext ctx, Map<String, Object> values, StringBuilder out)
            throws TemplateExecutionException {
        try {
            new Executor(name, text, defined, ctx, values, out).run(root);
        } catch (Executor.ExecError e) {
            throw new TemplateExecutionException(e.getMessage());
        } catch (TemplateLimits.Exceeded e) {
            throw new LimitExceededException(e.message(stage()));
        } catch (TemplateLimits.TooMuchWork e) {
            throw new LimitExceededException(e.message(stage()));
        } catch (StackOverflowError e) {
            throw new TemplateExecutionException("template: " + name + ": exceeded maximum template depth");
        }
    }

    /** The label name when the whole template is just {@code {{.name}}}, so callers can copy the value directly. */
    public Optional<String> singleLabel() {
        if (root.nodes().size() == 1 && defined.isEmpty()
                && root.nodes().get(0) instanceof ActionNode a
                && a.pipe().decl().isEmpty() && a.pipe().cmds().size() == 1
                && a.pipe().cmds().get(0).args().size() == 1
                && a.pipe().cmds().get(0).args().get(0) instanceof FieldNode f && f.idents().size() == 1) {
            return Optional.of(f.idents().get(0));
        }
        return Optional.empty();
    }

    /** Every field name the template reads (like Loki's RequiredLabelNames), sorted. */
    public Set<String> fieldNames() {
        Set<String> names = new TreeSet<>();
        collectFields(root, names);
        for (ListNode body : defined.values()) collectFields(body, names);
        return names;
    }

    private static void collectFields(Node node, Set<String> names) {
        switch (node) {
            case null -> { }
            case ListNode l -> l.nodes().forEach(n -> collectFields(n, names));
            case ActionNode a -> collectFields(a.pipe(), names);
            case PipeNode p -> p.cmds().forEach(c -> collectFields(c, names));
            case CommandNode c -> c.args().forEach(a -> collectFields(a, names));
            case BranchNode b -> {
                collectFields(b.pipe(), names);
                collectFields(b.list(), names);
                collectFields(b.elseList(), names);
            }
            case TemplateNode t -> collectFields(t.pipe(), names);
            case ChainNode c -> collectFields(c.node(), names);
            case FieldNode f -> names.addAll(f.idents());
            default -> { }
        }
    }

    /** The stage the template belongs to, as messages name it. */
    private String stage() {
        return switch (name) {
            case "line" -> "line_format";
            case "label" -> "label_format";
            default -> name;
        };
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
