package dev.sigyn.logql.template;

import dev.sigyn.format.Quoting;

import java.util.List;
import java.util.stream.Collectors;

/** The parse tree of a template. Every node knows its offset and prints itself the way Go does (for errors). */
sealed interface Node {
    int pos();

    record ListNode(int pos, List<Node> nodes) implements Node {
        @Override public String toString() {
            return nodes.stream().map(Object::toString).collect(Collectors.joining());
        }
    }

    record TextNode(int pos, String text) implements Node {
        @Override public String toString() { return Quoting.quote(text); }
    }

    record ActionNode(int pos, int line, PipeNode pipe) implements Node {
        @Override public String toString() { return "{{" + pipe + "}}"; }
    }

    record PipeNode(int pos, int line, boolean isAssign, List<VariableNode> decl, List<CommandNode> cmds)
            implements Node {
        @Override public String toString() {
            StringBuilder b = new StringBuilder();
            if (!decl.isEmpty()) {
                b.append(decl.stream().map(Object::toString).collect(Collectors.joining(", ")));
                b.append(isAssign ? " = " : " := ");
            }
            return b.append(cmds.stream().map(Object::toString).collect(Collectors.joining(" | "))).toString();
        }
    }

    record CommandNode(int pos, List<Node> args) implements Node {
        @Override public String toString() {
            return args.stream().map(a -> a instanceof PipeNode ? "(" + a + ")" : a.toString())
                    .collect(Collectors.joining(" "));
        }
    }

    enum BranchKind { IF, WITH, RANGE }

    /** if, with and range share one shape: a pipeline, a body and an optional else body. */
    record BranchNode(BranchKind kind, int pos, int line, PipeNode pipe, ListNode list, ListNode elseList)
            implements Node {
        @Override public String toString() {
            String name = kind.name().toLowerCase();
            String s = "{{" + name + " " + pipe + "}}" + list;
            if (elseList != null) s += "{{else}}" + elseList;
            return s + "{{end}}";
        }
    }

    record BreakNode(int pos, int line) implements Node {
        @Override public String toString() { return "{{break}}"; }
    }

    record ContinueNode(int pos, int line) implements Node {
        @Override public String toString() { return "{{continue}}"; }
    }

    record TemplateNode(int pos, int line, String name, PipeNode pipe) implements Node {
        @Override public String toString() {
            return "{{template " + Quoting.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
        }
    }

    record FieldNode(int pos, List<String> idents) implements Node {
        @Override public String toString() {
            return idents.stream().map(i -> "." + i).collect(Collectors.joining());
        }
    }

    /** $x or $x.a.b; the first ident is the variable name including '$'. */
    record VariableNode(int pos, List<String> idents) implements Node {
        @Override public String toString() { return String.join(".", idents); }
    }

    /** A term followed by fields, e.g. (pipeline).a.b. */
    record ChainNode(int pos, Node node, List<String> fields) implements Node {
        @Override public String toString() {
            String base = node instanceof PipeNode ? "(" + node + ")" : node.toString();
            return base + fields.stream().map(f -> "." + f).collect(Collectors.joining());
        }
    }

    record IdentifierNode(int pos, String name, TemplateFunction function) implements Node {
        @Override public String toString() { return name; }
    }

    record DotNode(int pos) implements Node {
        @Override public String toString() { return "."; }
    }

    record NilNode(int pos) implements Node {
        @Override public String toString() { return "nil"; }
    }

    record BoolNode(int pos, boolean value) implements Node {
        @Override public String toString() { return Boolean.toString(value); }
    }

    /** A numeric or character literal; like Go, one literal may be usable both as an integer and a float. */
    record NumberNode(int pos, String text, boolean isInt, long intValue, boolean isFloat, double floatValue,
                      boolean isChar) implements Node {
        /** The value when no particular type is asked for (Go's idealConstant). */
        Object ideal() {
            boolean looksFloat = !isChar && !text.startsWith("0x") && !text.startsWith("0X")
                    && (text.contains(".") || text.contains("e") || text.contains("E") || text.contains("p")
                        || text.contains("P"));
            if (isFloat && looksFloat) return floatValue;
            if (isInt) return intValue;
            return floatValue;
        }

        @Override public String toString() { return text; }
    }

    record StringNode(int pos, String quoted, String text) implements Node {
        @Override public String toString() { return quoted; }
    }

    /** Only produced by the parser while it reads {{end}} and {{else}}. */
    record EndNode(int pos) implements Node {
        @Override public String toString() { return "{{end}}"; }
    }

    record ElseNode(int pos, int line) implements Node {
        @Override public String toString() { return "{{else}}"; }
    }
}
