package dev.sigyn.logql.template;

import dev.sigyn.format.GoTime;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.template.Node.*;
import dev.sigyn.logql.template.TemplateFunction.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a parsed template for one line, following Go's text/template evaluation rules (pipelines, variables,
 * truthiness, range over slices and sorted maps, argument conversion) and its error wording.
 * One instance per execution; it is cheap to create.
 */
final class Executor {
    private static final Object MISSING = new Object();
    private static final int MAX_DEPTH = 1000;

    /** Unwinds to the enclosing range iteration. */
    private static final class LoopControl extends RuntimeException {
        final boolean isBreak;

        LoopControl(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private static final LoopControl BREAK = new LoopControl(true);
    private static final LoopControl CONTINUE = new LoopControl(false);

    static final class ExecError extends RuntimeException {
        ExecError(String message) {
            super(message, null, false, false);
        }
    }

    private final String name;
    private final String text;
    private final Map<String, ListNode> defined;
    private final TemplateContext ctx;
    private final Map<String, Object> variables;
    private final StringBuilder out;
    /** Where this execution's output starts in {@code out}, and how long it may grow (see {@link TemplateLimits}). */
    private final int outStart;
    private final long maxLength;
    private final List<String> varNames = new ArrayList<>();
    private final List<Object> varValues = new ArrayList<>();
    private int depth;
    /** Steps run so far, and how many this line may run (see {@link TemplateLimits#maxSteps}). */
    private long steps;
    private final long maxSteps;
    /** Characters of the strings calls returned so far, and how many they may (see {@link TemplateLimits#maxBuilt}). */
    private long built;
    private final long maxBuilt;
    private Map<?, ?> lastRanged;
    private List<String> lastRangedKeys;

    Executor(String name, String text, Map<String, ListNode> defined, TemplateContext ctx, StringBuilder out) {
        this(name, text, defined, ctx, Map.of(), out);
    }

    /** {@code variables} are bound at the top level besides $; a Map of strings reads as labels do (absent keys ""). */
    Executor(String name, String text, Map<String, ListNode> defined, TemplateContext ctx,
             Map<String, Object> variables, StringBuilder out) {
        this.variables = variables;
        this.name = name;
        this.text = text;
        this.defined = defined;
        this.ctx = ctx;
        this.out = out;
        this.outStart = out.length();
        this.maxLength = TemplateLimits.maxLength(ctx);
        this.maxSteps = TemplateLimits.maxSteps(ctx.line());
        this.maxBuilt = TemplateLimits.maxBuilt(ctx.line());
    }

    private void count(long n) {
        steps += n;
        if (steps > maxSteps) throw TemplateLimits.TooMuchWork.steps(maxSteps);
    }

    /** What a call counts: {@link TemplateLimits#CALL_STEPS} and its arguments' characters, and what it built. */
    private void countCall(Object[] args, Object result) {
        long read = 0;
        for (Object a : args) if (a instanceof String s) read += s.length();
        count(TemplateLimits.CALL_STEPS + read / TemplateLimits.CHARS_PER_STEP);
        if (result instanceof String s) {
            built += s.length();
            if (built > maxBuilt) throw TemplateLimits.TooMuchWork.built(maxBuilt);
        }
    }

    void run(ListNode root) {
        Object data = new LabelsValue(ctx);
        push("$", data);
        variables.forEach((var, value) -> push(var, boundValue(value)));
        walk(data, root);
    }

    @SuppressWarnings("unchecked")
    private static Object boundValue(Object value) {
        if (value instanceof Map<?, ?> map) return new LabelsValue(TemplateContext.of((Map<String, String>) map, "", 0));
        return value;
    }

    // ---- errors -------------------------------------------------------------------------------------

    private ExecError error(Node node, String message) {
        if (node == null) return new ExecError("template: " + name + ": " + message);
        int pos = Math.min(node.pos(), text.length());
        String before = text.substring(0, pos);
        int lastNewline = before.lastIndexOf('\n');
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        int col = lastNewline < 0 ? pos : pos - (lastNewline + 1);
        String context = node.toString();
        if (context.length() > 20) context = context.substring(0, 20) + "...";
        return new ExecError("template: " + name + ":" + line + ":" + col + ": executing " + Quoting.quote(name)
                + " at <" + context + ">: " + message);
    }

    // ---- variables ----------------------------------------------------------------------------------

    private void push(String var, Object value) {
        varNames.add(var);
        varValues.add(value);
    }

    private int mark() {
        return varNames.size();
    }

    private void pop(int mark) {
        while (varNames.size() > mark) {
            varNames.removeLast();
            varValues.removeLast();
        }
    }

    private void setVar(Node node, String var, Object value) {
        for (int i = varNames.size() - 1; i >= 0; i--) {
            if (varNames.get(i).equals(var)) {
                varValues.set(i, value);
                return;
            }
        }
        throw error(node, "undefined variable: " + var);
    }

    private Object varValue(Node node, String var) {
        for (int i = varNames.size() - 1; i >= 0; i--) {
            if (varNames.get(i).equals(var)) return varValues.get(i);
        }
        throw error(node, "undefined variable: " + var);
    }

    // ---- statements ---------------------------------------------------------------------------------

    private void walk(Object dot, Node node) {
        count(1);
        switch (node) {
            case ActionNode a -> {
                Object value = evalPipeline(dot, a.pipe());
                if (a.pipe().decl().isEmpty()) printValue(value);
            }
            case BreakNode b -> throw BREAK;
            case ContinueNode c -> throw CONTINUE;
            case BranchNode b when b.kind() == BranchKind.RANGE -> walkRange(dot, b);
            case BranchNode b -> walkIfOrWith(dot, b);
            case ListNode l -> {
                for (Node n : l.nodes()) walk(dot, n);
            }
            case TemplateNode t -> walkTemplate(dot, t);
            case TextNode t -> write(t.text());
            default -> throw error(node, "unknown node: " + node);
        }
    }

    private void printValue(Object value) {
        if (value == null) write("<no value>");
        else write(value instanceof String s ? s : GoValues.toText(value));
    }

    /** Appends to the output, unless the output would pass its limit. */
    private void write(String text) {
        TemplateLimits.require((long) out.length() - outStart + text.length(), maxLength);
        out.append(text);
    }

    private void walkIfOrWith(Object dot, BranchNode b) {
        int mark = mark();
        try {
            Object value = evalPipeline(dot, b.pipe());
            if (GoValues.isTrue(value)) {
                walk(b.kind() == BranchKind.WITH ? value : dot, b.list());
            } else if (b.elseList() != null) {
                walk(dot, b.elseList());
            }
        } finally {
            pop(mark);
        }
    }

    /**
     * A map's keys in Go's order, kept for the last map ranged over: nested ranges over the same map (the labels)
     * start again for every outer iteration. Maps do not change while a template runs.
     */
    private List<String> sortedKeys(Map<?, ?> map) {
        if (map != lastRanged) {
            lastRangedKeys = GoValues.sortedKeys(map);
            lastRanged = map;
        }
        return lastRangedKeys;
    }

    private void walkRange(Object dot, BranchNode r) {
        int mark = mark();
        try {
            Object value = evalPipeline(dot, r.pipe());
            int iterations = 0;
            switch (value) {
                case null -> { }
                case List<?> list -> {
                    for (int i = 0; i < list.size(); i++) {
                        iterations++;
                        if (!rangeIteration(r, (long) i, list.get(i))) break;
                    }
                }
                case LabelsValue labels -> {
                    Map<String, String> map = labels.asMap();
                    for (String key : sortedKeys(map)) {
                        iterations++;
                        if (!rangeIteration(r, key, map.get(key))) break;
                    }
                }
                case Map<?, ?> map -> {
                    for (String key : sortedKeys(map)) {
                        iterations++;
                        if (!rangeIteration(r, key, map.get(key))) break;
                    }
                }
                default -> throw error(r, "range can't iterate over " + GoValues.toText(value));
            }
            if (iterations == 0 && r.elseList() != null) walk(dot, r.elseList());
        } finally {
            pop(mark);
        }
    }

    /** Runs one iteration; false when the body executed {{break}}. */
    private boolean rangeIteration(BranchNode r, Object index, Object elem) {
        List<VariableNode> decl = r.pipe().decl();
        if (!decl.isEmpty()) {
            if (r.pipe().isAssign()) {
                setVar(r, decl.get(0).idents().get(0), decl.size() > 1 ? index : elem);
                if (decl.size() > 1) setVar(r, decl.get(1).idents().get(0), elem);
            } else {
                varValues.set(varValues.size() - 1, elem);
                if (decl.size() > 1) varValues.set(varValues.size() - 2, index);
            }
        }
        int mark = mark();
        try {
            walk(elem, r.list());
        } catch (LoopControl c) {
            return !c.isBreak;
        } finally {
            pop(mark);
        }
        return true;
    }

    private void walkTemplate(Object dot, TemplateNode t) {
        ListNode body = defined.get(t.name());
        if (body == null) {
            throw error(t, "template: no template " + Quoting.quote(t.name()) + " associated with template "
                    + Quoting.quote(name));
        }
        if (depth >= MAX_DEPTH) throw error(t, "exceeded maximum template depth (" + MAX_DEPTH + ")");
        Object newDot = t.pipe() == null ? null : evalPipeline(dot, t.pipe());
        List<String> savedNames = new ArrayList<>(varNames);
        List<Object> savedValues = new ArrayList<>(varValues);
        pop(0);
        push("$", newDot);
        depth++;
        try {
            walk(newDot, body);
        } finally {
            depth--;
            pop(0);
            varNames.addAll(savedNames);
            varValues.addAll(savedValues);
        }
    }

    // ---- expressions --------------------------------------------------------------------------------

    private Object evalPipeline(Object dot, PipeNode pipe) {
        Object value = MISSING;
        for (CommandNode cmd : pipe.cmds()) value = evalCommand(dot, cmd, value);
        for (VariableNode v : pipe.decl()) {
            if (pipe.isAssign()) setVar(v, v.idents().get(0), value);
            else push(v.idents().get(0), value);
        }
        return value;
    }

    private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
        Node first = cmd.args().get(0);
        switch (first) {
            case FieldNode f: return evalFields(dot, dot, f, f.idents(), cmd.args(), fin);
            case ChainNode c: return evalChain(dot, c, cmd.args(), fin);
            case IdentifierNode id: return evalCall(dot, id.function(), cmd, cmd.args(), fin);
            case PipeNode p:
                notAFunction(cmd.args(), fin);
                return evalPipeline(dot, p);
            case VariableNode v: return evalVariable(dot, v, cmd.args(), fin);
            default: break;
        }
        notAFunction(cmd.args(), fin);
        return switch (first) {
            case BoolNode b -> b.value();
            case DotNode d -> dot;
            case NilNode n -> throw error(n, "nil is not a command");
            case NumberNode n -> n.ideal();
            case StringNode s -> s.text();
            default -> throw error(first, "can't evaluate command " + Quoting.quote(first.toString()));
        };
    }

    private void notAFunction(List<Node> args, Object fin) {
        if (args.size() > 1 || fin != MISSING) {
            throw error(args.get(0), "can't give argument to non-function " + args.get(0));
        }
    }

    private Object evalVariable(Object dot, VariableNode v, List<Node> args, Object fin) {
        Object value = varValue(v, v.idents().get(0));
        if (v.idents().size() == 1) {
            if (args != null) notAFunction(args, fin);
            return value;
        }
        return evalFields(dot, value, v, v.idents().subList(1, v.idents().size()), args, fin);
    }

    private Object evalChain(Object dot, ChainNode c, List<Node> args, Object fin) {
        if (c.node() instanceof NilNode) throw error(c, "indirection through explicit nil in " + c);
        Object receiver = evalArg(dot, Param.ANY, c.node());
        return evalFields(dot, receiver, c, c.fields(), args, fin);
    }

    private Object evalFields(Object dot, Object receiver, Node node, List<String> idents, List<Node> args, Object fin) {
        int n = idents.size();
        for (int i = 0; i < n - 1; i++) receiver = evalField(node, idents.get(i), receiver, false);
        boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
        return evalField(node, idents.get(n - 1), receiver, hasArgs);
    }

    private Object evalField(Node node, String field, Object receiver, boolean hasArgs) {
        switch (receiver) {
            case null -> { return null; } // Go: fields of a nil interface read as no value
            case LabelsValue labels -> {
                if (hasArgs) throw error(node, field + " is not a method but has arguments");
                return labels.get(field);
            }
            case Map<?, ?> map -> {
                if (hasArgs) throw error(node, field + " is not a method but has arguments");
                return map.get(field);
            }
            case GoTime t -> {
                if (hasArgs) throw error(node, field + " has arguments but cannot be invoked as function");
                Object v = TimeFunctions.method(t, field);
                if (v != null) return v;
            }
            default -> { }
        }
        throw error(node, "can't evaluate field " + field + " in type " + GoValues.typeName(receiver));
    }

    private Object evalCall(Object dot, TemplateFunction fn, Node callNode, List<Node> args, Object fin) {
        List<Node> argNodes = args == null ? List.of() : args.subList(1, args.size());
        String fname = fn.name();
        if (BuiltinFunctions.isShortCircuit(fn)) {
            if (argNodes.isEmpty() && fin == MISSING) {
                throw error(callNode, "wrong number of args for " + fname + ": want at least 1 got 0");
            }
            Object v = null;
            for (Node a : argNodes) {
                v = evalArg(dot, Param.ANY, a);
                if (GoValues.isTrue(v) == fname.equals("or")) return v;
            }
            return fin != MISSING ? fin : v;
        }
        List<Param> params = fn.params();
        int numIn = argNodes.size() + (fin != MISSING ? 1 : 0);
        if (fn.variadic()) {
            int fixed = params.size() - 1;
            if (numIn < fixed) {
                throw error(callNode, "wrong number of args for " + fname + ": want at least " + fixed + " got " + argNodes.size());
            }
        } else if (numIn != params.size()) {
            throw error(callNode, "wrong number of args for " + fname + ": want " + params.size() + " got " + numIn);
        }
        Object[] values = new Object[numIn];
        for (int i = 0; i < argNodes.size(); i++) values[i] = evalArg(dot, paramAt(fn, i), argNodes.get(i));
        if (fin != MISSING) values[numIn - 1] = validateType(callNode, fin, paramAt(fn, numIn - 1));
        try {
            Object result = fn.impl().call(ctx, values);
            // Results that grow with an argument were checked before they were built; this catches the others.
            if (result instanceof String s) TemplateLimits.require(s.length(), maxLength);
            countCall(values, result);
            return result;
        } catch (TemplateLimits.Exceeded e) {
            throw e.in(fname);
        } catch (GoError e) {
            throw error(callNode, "error calling " + fname + ": " + e.getMessage());
        } catch (ArithmeticException e) {
            throw error(callNode, "error calling " + fname + ": runtime error: integer divide by zero");
        } catch (ExecError | LoopControl | TemplateLimits.TooMuchWork e) {
            throw e;
        } catch (RuntimeException e) {
            throw error(callNode, "error calling " + fname + ": " + e);
        }
    }

    private static Param paramAt(TemplateFunction fn, int i) {
        List<Param> p = fn.params();
        return i < p.size() ? p.get(i) : p.get(p.size() - 1);
    }

    private Object evalArg(Object dot, Param type, Node node) {
        switch (node) {
            case DotNode d: return validateType(node, dot, type);
            case NilNode n:
                if (type == Param.ANY) return null;
                throw error(node, "cannot assign nil to " + type.goName);
            case FieldNode f: return validateType(node, evalFields(dot, dot, f, f.idents(), List.of(f), MISSING), type);
            case VariableNode v: return validateType(node, evalVariable(dot, v, null, MISSING), type);
            case PipeNode p: return validateType(node, evalPipeline(dot, p), type);
            case IdentifierNode id: return validateType(node, evalCall(dot, id.function(), id, null, MISSING), type);
            case ChainNode c: return validateType(node, evalChain(dot, c, null, MISSING), type);
            default: break;
        }
        return switch (type) {
            case BOOL -> node instanceof BoolNode b ? b.value() : badLiteral(node, "bool");
            case STRING -> node instanceof StringNode s ? s.text() : badLiteral(node, "string");
            case INT -> node instanceof NumberNode n && n.isInt() ? (Object) n.intValue() : badLiteral(node, "integer");
            case FLOAT -> node instanceof NumberNode n && n.isFloat() ? (Object) n.floatValue() : badLiteral(node, "float");
            case ANY -> switch (node) {
                case BoolNode b -> b.value();
                case NumberNode n -> n.ideal();
                case StringNode s -> s.text();
                default -> throw error(node, "can't handle " + node + " for arg of type interface {}");
            };
            case TIME -> throw error(node, "can't handle " + node + " for arg of type time.Time");
        };
    }

    private Object badLiteral(Node node, String expected) {
        throw error(node, "expected " + expected + "; found " + node);
    }

    private Object validateType(Node node, Object value, Param type) {
        if (value == null) {
            if (type == Param.ANY) return null;
            throw error(node, "invalid value; expected " + type.goName);
        }
        boolean ok = switch (type) {
            case ANY -> true;
            case STRING -> value instanceof String;
            case INT -> value instanceof Long;
            case FLOAT -> value instanceof Double;
            case BOOL -> value instanceof Boolean;
            case TIME -> value instanceof GoTime;
        };
        if (!ok) {
            throw error(node, "wrong type for value; expected " + type.goName + "; got " + GoValues.typeName(value));
        }
        return value;
    }
}
