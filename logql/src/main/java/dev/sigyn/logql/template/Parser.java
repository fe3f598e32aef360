package dev.sigyn.logql.template;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.template.Node.*;
import dev.sigyn.logql.template.Token.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the parse tree from tokens, following Go's text/template/parse grammar and error messages. */
final class Parser {

    /** The main body plus the templates declared with define or block. */
    record Parsed(ListNode root, Map<String, ListNode> defined) {}

    static final class ParseError extends RuntimeException {
        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    private final String name;
    private final Map<String, TemplateFunction> functions;
    private final List<Token> tokens;
    private final Map<String, ListNode> defined = new HashMap<>();
    private int index;
    private int line = 1;
    private int actionLine;
    private int rangeDepth;
    /** Parenthesized pipelines open around the current term (see {@link #MAX_PAREN_DEPTH}). */
    private int parenDepth;
    private List<String> vars = new ArrayList<>(List.of("$"));

    /**
     * The most parenthesized pipelines one inside the other. Go refuses templates nested deeper than its own stack
     * allows (10,000) with "max expression depth exceeded"; each level is a few frames of recursion here, so the
     * bound is lower, far above anything a line template needs.
     */
    static final int MAX_PAREN_DEPTH = 100;

    private Parser(String name, String text, Map<String, TemplateFunction> functions, Set<String> variables) {
        this.name = name;
        this.functions = functions;
        this.tokens = Lexer.lex(text);
        this.vars.addAll(variables);
    }

    static Parsed parse(String name, String text, Map<String, TemplateFunction> functions) {
        return parse(name, text, functions, Set.of());
    }

    /** Parses a template whose top level may also read {@code variables} (names with their "$"), bound when it runs. */
    static Parsed parse(String name, String text, Map<String, TemplateFunction> functions, Set<String> variables) {
        Parser p = new Parser(name, text, functions, variables);
        ListNode root = p.parseRoot();
        return new Parsed(root, Map.copyOf(p.defined));
    }

    // ---- token stream -------------------------------------------------------------------------------

    private Token next() {
        Token t = tokens.get(Math.min(index, tokens.size() - 1));
        index++;
        line = t.line();
        return t;
    }

    private void backup() {
        index--;
    }

    private Token peek() {
        return tokens.get(Math.min(index, tokens.size() - 1));
    }

    private Token nextNonSpace() {
        Token t;
        do {
            t = next();
        } while (t.type() == Type.SPACE);
        return t;
    }

    private Token peekNonSpace() {
        Token t = nextNonSpace();
        backup();
        return t;
    }

    private ParseError error(String message) {
        return new ParseError("template: " + name + ":" + line + ": " + message);
    }

    private ParseError unexpected(Token token, String context) {
        if (token.type() == Type.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != token.line()) {
                extra = " in action started at " + name + ":" + actionLine;
                if (token.text().endsWith(" action")) extra = extra.substring(" in action".length());
            }
            return error(token.text() + extra);
        }
        return error("unexpected " + token.describe() + " in " + context);
    }

    private Token expect(Type type, String context) {
        Token t = nextNonSpace();
        if (t.type() != type) throw unexpected(t, context);
        return t;
    }

    // ---- structure ----------------------------------------------------------------------------------

    private ListNode parseRoot() {
        List<Node> nodes = new ArrayList<>();
        int pos = peek().pos();
        while (peek().type() != Type.EOF) {
            if (peek().type() == Type.LEFT_DELIM) {
                int mark = index;
                next();
                if (nextNonSpace().type() == Type.DEFINE) {
                    parseDefinition();
                    continue;
                }
                index = mark;
            }
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) throw error("unexpected " + n);
            nodes.add(n);
        }
        return new ListNode(pos, List.copyOf(nodes));
    }

    private void parseDefinition() {
        String context = "define clause";
        Token nameToken = nextNonSpace();
        if (nameToken.type() != Type.STRING && nameToken.type() != Type.RAW_STRING) {
            throw unexpected(nameToken, context);
        }
        String defName = unquote(nameToken);
        expect(Type.RIGHT_DELIM, context);
        List<String> outerVars = vars;
        vars = new ArrayList<>(List.of("$"));
        ItemList body = itemList();
        vars = outerVars;
        if (!(body.end instanceof EndNode)) throw error("unexpected " + body.end + " in " + context);
        defined.put(defName, body.list);
    }

    private record ItemList(ListNode list, Node end) {}

    private ItemList itemList() {
        List<Node> nodes = new ArrayList<>();
        int pos = peekNonSpace().pos();
        while (peekNonSpace().type() != Type.EOF) {
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) return new ItemList(new ListNode(pos, List.copyOf(nodes)), n);
            nodes.add(n);
        }
        throw error("unexpected EOF");
    }

    private Node textOrAction() {
        Token token = nextNonSpace();
        switch (token.type()) {
            case TEXT:
                return new TextNode(token.pos(), token.text());
            case LEFT_DELIM:
                actionLine = token.line();
                try {
                    return action();
                } finally {
                    actionLine = 0;
                }
            default:
                throw unexpected(token, "input");
        }
    }

    private Node action() {
        Token token = nextNonSpace();
        switch (token.type()) {
            case BLOCK: return blockControl();
            case BREAK: return breakOrContinue(token, true);
            case CONTINUE: return breakOrContinue(token, false);
            case ELSE: return elseControl();
            case END: return new EndNode(expect(Type.RIGHT_DELIM, "end").pos());
            case IF: return branch(BranchKind.IF);
            case RANGE: return branch(BranchKind.RANGE);
            case TEMPLATE: return templateControl();
            case WITH: return branch(BranchKind.WITH);
            default: break;
        }
        backup();
        Token first = peek();
        return new ActionNode(first.pos(), first.line(), pipeline("command", Type.RIGHT_DELIM));
    }

    private Node breakOrContinue(Token keyword, boolean isBreak) {
        String word = isBreak ? "{{break}}" : "{{continue}}";
        Token t = nextNonSpace();
        if (t.type() != Type.RIGHT_DELIM) throw unexpected(t, word);
        if (rangeDepth == 0) throw error(word + " outside {{range}}");
        return isBreak ? new BreakNode(keyword.pos(), keyword.line()) : new ContinueNode(keyword.pos(), keyword.line());
    }

    private Node elseControl() {
        Token peek = peekNonSpace();
        if (peek.type() == Type.IF || peek.type() == Type.WITH) return new ElseNode(peek.pos(), peek.line());
        Token t = expect(Type.RIGHT_DELIM, "else");
        return new ElseNode(t.pos(), t.line());
    }

    private Node branch(BranchKind kind) {
        String context = kind.name().toLowerCase();
        int varMark = vars.size();
        try {
            PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
            if (kind == BranchKind.RANGE) rangeDepth++;
            ItemList body = itemList();
            if (kind == BranchKind.RANGE) rangeDepth--;
            ListNode elseList = null;
            if (body.end instanceof ElseNode) {
                Type chained = kind == BranchKind.IF ? Type.IF : kind == BranchKind.WITH ? Type.WITH : null;
                if (chained != null && peekNonSpace().type() == chained) {
                    nextNonSpace();
                    elseList = new ListNode(body.end.pos(), List.of(branch(kind)));
                } else {
                    ItemList elseBody = itemList();
                    if (!(elseBody.end instanceof EndNode)) throw error("expected end; found " + elseBody.end);
                    elseList = elseBody.list;
                }
            }
            return new BranchNode(kind, pipe.pos(), pipe.line(), pipe, body.list, elseList);
        } finally {
            vars.subList(varMark, vars.size()).clear();
        }
    }

    private Node templateControl() {
        String context = "template clause";
        Token token = nextNonSpace();
        String templateName = templateName(token, context);
        PipeNode pipe = null;
        if (nextNonSpace().type() != Type.RIGHT_DELIM) {
            backup();
            pipe = pipeline(context, Type.RIGHT_DELIM);
        }
        return new TemplateNode(token.pos(), token.line(), templateName, pipe);
    }

    private Node blockControl() {
        String context = "block clause";
        Token token = nextNonSpace();
        String blockName = templateName(token, context);
        PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
        List<String> outerVars = vars;
        int outerRange = rangeDepth;
        vars = new ArrayList<>(List.of("$"));
        rangeDepth = 0;
        ItemList body = itemList();
        vars = outerVars;
        rangeDepth = outerRange;
        if (!(body.end instanceof EndNode)) throw error("unexpected " + body.end + " in " + context);
        defined.put(blockName, body.list);
        return new TemplateNode(token.pos(), token.line(), blockName, pipe);
    }

    private String templateName(Token token, String context) {
        if (token.type() == Type.STRING || token.type() == Type.RAW_STRING) return unquote(token);
        throw unexpected(token, context);
    }

    private String unquote(Token token) {
        try {
            return Quoting.unquote(token.text());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    // ---- pipelines ----------------------------------------------------------------------------------

    private PipeNode pipeline(String context, Type end) {
        Token first = peekNonSpace();
        List<VariableNode> decl = new ArrayList<>();
        boolean isAssign = false;
        decls:
        while (true) {
            Token v = peekNonSpace();
            if (v.type() != Type.VARIABLE) break;
            nextNonSpace();
            int afterVariable = index;
            Token nxt = peekNonSpace();
            if (nxt.type() == Type.ASSIGN || nxt.type() == Type.DECLARE) {
                isAssign = nxt.type() == Type.ASSIGN;
                nextNonSpace();
                decl.add(new VariableNode(v.pos(), List.of(v.text())));
                vars.add(v.text());
            } else if (nxt.type() == Type.CHAR && nxt.text().equals(",")) {
                nextNonSpace();
                decl.add(new VariableNode(v.pos(), List.of(v.text())));
                vars.add(v.text());
                if (context.equals("range") && decl.size() < 2) {
                    Type t = peekNonSpace().type();
                    if (t == Type.VARIABLE || t == Type.RIGHT_DELIM || t == Type.RIGHT_PAREN) continue decls;
                    throw error("range can only initialize variables");
                }
                throw error("too many declarations in " + context);
            } else {
                index = afterVariable - 1; // put the variable back; it is an operand
            }
            break;
        }
        List<CommandNode> cmds = new ArrayList<>();
        while (true) {
            Token token = nextNonSpace();
            if (token.type() == end) {
                PipeNode pipe = new PipeNode(first.pos(), first.line(), isAssign, List.copyOf(decl), List.copyOf(cmds));
                checkPipeline(pipe, context);
                return pipe;
            }
            switch (token.type()) {
                case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
                     LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                }
                default -> throw unexpected(token, context);
            }
        }
    }

    private void checkPipeline(PipeNode pipe, String context) {
        if (pipe.cmds().isEmpty()) throw error("missing value for " + context);
        for (int i = 1; i < pipe.cmds().size(); i++) {
            Node first = pipe.cmds().get(i).args().get(0);
            if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
                    || first instanceof NumberNode || first instanceof StringNode) {
                throw error("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private CommandNode command() {
        int pos = peekNonSpace().pos();
        List<Node> args = new ArrayList<>();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) args.add(operand);
            Token token = next();
            if (token.type() == Type.SPACE) continue;
            if (token.type() == Type.RIGHT_DELIM || token.type() == Type.RIGHT_PAREN) {
                backup();
            } else if (token.type() != Type.PIPE) {
                throw unexpected(token, "operand");
            }
            break;
        }
        if (args.isEmpty()) throw error("empty command");
        return new CommandNode(pos, List.copyOf(args));
    }

    private Node operand() {
        Node node = term();
        if (node == null) return null;
        if (peek().type() == Type.FIELD) {
            List<String> fields = new ArrayList<>();
            int pos = peek().pos();
            while (peek().type() == Type.FIELD) fields.add(next().text().substring(1));
            return switch (node) {
                case FieldNode f -> new FieldNode(f.pos(), concat(f.idents(), fields));
                case VariableNode v -> new VariableNode(v.pos(), concat(v.idents(), fields));
                case BoolNode b -> throw error("unexpected . after term " + Quoting.quote(b.toString()));
                case StringNode s -> throw error("unexpected . after term " + Quoting.quote(s.toString()));
                case NumberNode n -> throw error("unexpected . after term " + Quoting.quote(n.toString()));
                case NilNode n -> throw error("unexpected . after term " + Quoting.quote(n.toString()));
                case DotNode d -> throw error("unexpected . after term " + Quoting.quote(d.toString()));
                default -> new ChainNode(pos, node, List.copyOf(fields));
            };
        }
        return node;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private Node term() {
        Token token = nextNonSpace();
        switch (token.type()) {
            case IDENTIFIER -> {
                TemplateFunction fn = functions.get(token.text());
                if (fn == null) throw error("function " + Quoting.quote(token.text()) + " not defined");
                return new IdentifierNode(token.pos(), token.text(), fn);
            }
            case DOT -> { return new DotNode(token.pos()); }
            case NIL -> { return new NilNode(token.pos()); }
            case VARIABLE -> {
                List<String> parts = List.of(token.text().split("\\.", -1));
                if (!vars.contains(parts.get(0))) throw error("undefined variable " + Quoting.quote(parts.get(0)));
                return new VariableNode(token.pos(), parts);
            }
            case FIELD -> { return new FieldNode(token.pos(), List.of(token.text().substring(1))); }
            case BOOL -> { return new BoolNode(token.pos(), token.text().equals("true")); }
            case CHAR_CONSTANT, NUMBER -> { return number(token); }
            case LEFT_PAREN -> {
                if (++parenDepth > MAX_PAREN_DEPTH) throw error("max expression depth exceeded");
                PipeNode inner = pipeline("parenthesized pipeline", Type.RIGHT_PAREN);
                parenDepth--;
                return inner;
            }
            case STRING, RAW_STRING -> { return new StringNode(token.pos(), token.text(), unquote(token)); }
            default -> {
                backup();
                return null;
            }
        }
    }

    private NumberNode number(Token token) {
        String text = token.text();
        if (token.type() == Type.CHAR_CONSTANT) {
            int rune = unquote(token).codePointAt(0);
            return new NumberNode(token.pos(), text, true, rune, true, rune, true);
        }
        if (text.endsWith("i")) throw error("complex numbers are not supported: " + Quoting.quote(text));
        Long asInt = GoNumbers.parseInt(text);
        if (asInt != null) return new NumberNode(token.pos(), text, true, asInt, true, asInt, false);
        Double asFloat = GoNumbers.parseFloat(text);
        if (asFloat == null) throw error("illegal number syntax: " + Quoting.quote(text));
        if (!text.matches(".*[.eEpP].*")) throw error("integer overflow: " + Quoting.quote(text));
        double f = asFloat;
        boolean integral = f == Math.rint(f) && Math.abs(f) < 0x1p63;
        return new NumberNode(token.pos(), text, integral, (long) f, true, f, false);
    }
}
