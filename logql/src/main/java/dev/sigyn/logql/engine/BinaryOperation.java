package dev.sigyn.logql.engine;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A binary operation between two vectors, a vector and a scalar, or two scalars, with Loki's label and filtering
 * rules: a comparison without {@code bool} filters and keeps the vector side's value, with {@code bool} it yields
 * 0 or 1; vector-vector results take the left side's labels reduced by on/ignoring (one-to-one) plus the
 * group_left/group_right include labels taken from the "one" side.
 *
 * @param op         the operator
 * @param returnBool whether the comparison has the {@code bool} modifier
 * @param matching   the vector matching, {@link VectorMatching#DEFAULT} when none is written
 */
public record BinaryOperation(BinaryOp op, boolean returnBool, VectorMatching matching) {

    public BinaryOperation {
        if (matching == null) matching = VectorMatching.DEFAULT;
    }

    public static BinaryOperation of(BinaryOp op) {
        return new BinaryOperation(op, false, VectorMatching.DEFAULT);
    }

    /** Two number literals: comparisons always give 0/1 here (Loki requires bool for them anyway). */
    public double scalars(double lhs, double rhs) {
        return op.apply(lhs, rhs);
    }

    public StepEvaluator vectors(StepEvaluator lhs, StepEvaluator rhs) {
        return StepEvaluators.zip(lhs, rhs, (l, r) -> new Vector(l.tsNanos(), vectors(l.elements(), r.elements())));
    }

    public StepEvaluator vectorScalar(StepEvaluator vector, double scalar, boolean scalarOnLeft) {
        return StepEvaluators.map(vector, v -> new Vector(v.tsNanos(), vectorScalar(v.elements(), scalar, scalarOnLeft)));
    }

    /** vector op scalar (or scalar op vector when {@code scalarOnLeft}); labels are kept. */
    public List<LabeledValue> vectorScalar(List<LabeledValue> vector, double scalar, boolean scalarOnLeft) {
        if (op.isSetOperation()) throw new EvaluationException("set operator " + op.symbol + " not allowed in binary scalar expression");
        List<LabeledValue> out = new ArrayList<>(vector.size());
        for (LabeledValue e : vector) {
            double l = scalarOnLeft ? scalar : e.value(), r = scalarOnLeft ? e.value() : scalar;
            double result = op.apply(l, r);
            if (op.isComparison() && !returnBool) {
                if (result == 1) out.add(e);
            } else {
                out.add(new LabeledValue(e.labels(), result));
            }
        }
        return out;
    }

    /** vector op vector at one step. */
    public List<LabeledValue> vectors(List<LabeledValue> lhs, List<LabeledValue> rhs) {
        return switch (op) {
            case AND -> and(lhs, rhs);
            case OR -> or(lhs, rhs);
            case UNLESS -> unless(lhs, rhs);
            default -> arithmeticOrComparison(lhs, rhs);
        };
    }

    private List<LabeledValue> arithmeticOrComparison(List<LabeledValue> lhs, List<LabeledValue> rhs) {
        boolean oneToMany = matching.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
        // Work as many-to-one: the "many" side drives, the "one" side is looked up.
        List<LabeledValue> many = oneToMany ? rhs : lhs;
        List<LabeledValue> one = oneToMany ? lhs : rhs;
        Map<Labels, LabeledValue> oneBySignature = new HashMap<>();
        for (LabeledValue e : one) {
            if (oneBySignature.putIfAbsent(signature(e.labels()), e) != null) {
                throw new EvaluationException("found duplicate series on the " + (oneToMany ? "left" : "right")
                        + " hand-side;many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Map<Labels, Set<Labels>> matched = new HashMap<>();
        List<LabeledValue> out = new ArrayList<>();
        for (LabeledValue m : many) {
            Labels sig = signature(m.labels());
            LabeledValue o = oneBySignature.get(sig);
            if (o == null) continue;
            Labels metric = resultLabels(m.labels(), o.labels());
            if (matching.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
                if (matched.put(sig, Set.of()) != null) {
                    throw new EvaluationException("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
            } else if (!matched.computeIfAbsent(sig, k -> new HashSet<>()).add(metric)) {
                throw new EvaluationException("multiple matches for labels: grouping labels must ensure unique matches");
            }
            LabeledValue l = oneToMany ? o : m, r = oneToMany ? m : o;
            double result = op.apply(l.value(), r.value());
            if (op.isComparison() && !returnBool) {
                if (result == 1) out.add(new LabeledValue(metric, l.value()));
            } else {
                out.add(new LabeledValue(metric, result));
            }
        }
        return out;
    }

    private Labels signature(Labels labels) {
        if (matching.on()) {
            List<Label> kept = new ArrayList<>();
            for (Label l : labels.asList()) if (matching.matchingLabels().contains(l.name())) kept.add(l);
            return Labels.of(kept);
        }
        if (matching.matchingLabels().isEmpty()) return labels;
        List<Label> kept = new ArrayList<>();
        for (Label l : labels.asList()) if (!matching.matchingLabels().contains(l.name())) kept.add(l);
        return Labels.of(kept);
    }

    // The "many" side's labels; one-to-one keeps only the on() labels or drops the ignoring() ones; group_x include
    // labels come from the "one" side (removed when it lacks them).
    private Labels resultLabels(Labels many, Labels one) {
        Map<String, String> m = new HashMap<>(many.toMap());
        if (matching.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
            if (matching.on()) m.keySet().retainAll(matching.matchingLabels());
            else matching.matchingLabels().forEach(m::remove);
        }
        for (String name : matching.include()) {
            String v = one.get(name);
            if (v != null && !v.isEmpty()) m.put(name, v);
            else m.remove(name);
        }
        return m.size() == many.size() && m.equals(many.toMap()) ? many : Labels.fromMap(m);
    }

    private List<LabeledValue> and(List<LabeledValue> lhs, List<LabeledValue> rhs) {
        if (lhs.isEmpty() || rhs.isEmpty()) return List.of();
        Set<Labels> right = signatures(rhs);
        List<LabeledValue> out = new ArrayList<>();
        for (LabeledValue e : lhs) if (right.contains(signature(e.labels()))) out.add(e);
        return out;
    }

    private List<LabeledValue> or(List<LabeledValue> lhs, List<LabeledValue> rhs) {
        if (lhs.isEmpty()) return rhs;
        if (rhs.isEmpty()) return lhs;
        Set<Labels> left = signatures(lhs);
        List<LabeledValue> out = new ArrayList<>(lhs);
        for (LabeledValue e : rhs) if (!left.contains(signature(e.labels()))) out.add(e);
        return out;
    }

    private List<LabeledValue> unless(List<LabeledValue> lhs, List<LabeledValue> rhs) {
        if (lhs.isEmpty() || rhs.isEmpty()) return lhs;
        Set<Labels> right = signatures(rhs);
        List<LabeledValue> out = new ArrayList<>();
        for (LabeledValue e : lhs) if (!right.contains(signature(e.labels()))) out.add(e);
        return out;
    }

    private Set<Labels> signatures(List<LabeledValue> v) {
        Set<Labels> s = new HashSet<>();
        for (LabeledValue e : v) s.add(signature(e.labels()));
        return s;
    }
}
