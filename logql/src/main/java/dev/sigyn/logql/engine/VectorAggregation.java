package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vector aggregation such as {@code sum by (app) (...)} or {@code topk(3, ...)}, applied to the vector of each step.
 * Groups are formed by the grouping's labels; sum/avg/min/max/count/stddev/stdvar output one element per group with
 * the group's labels (without also drops {@code __name__}); topk/bottomk/sort/sort_desc keep the elements' own labels.
 *
 * @param operation the aggregation
 * @param k         the k of topk/bottomk, ignored otherwise
 * @param grouping  the by/without clause, {@link Grouping#NONE} for none
 */
public record VectorAggregation(Operation operation, int k, Grouping grouping) {

    public enum Operation {
        SUM("sum"), AVG("avg"), MIN("min"), MAX("max"), COUNT("count"), STDDEV("stddev"), STDVAR("stdvar"),
        TOPK("topk"), BOTTOMK("bottomk"), SORT("sort"), SORT_DESC("sort_desc");

        public final String logqlName;

        Operation(String logqlName) {
            this.logqlName = logqlName;
        }

        public static Operation byName(String name) {
            for (Operation o : values()) if (o.logqlName.equals(name)) return o;
            throw new IllegalArgumentException("unknown vector aggregation " + name);
        }

        /** Whether the result keeps each input element (ordered) rather than one value per group. */
        boolean selectsElements() {
            return this == TOPK || this == BOTTOMK || this == SORT || this == SORT_DESC;
        }
    }

    public VectorAggregation {
        if (grouping == null) grouping = Grouping.NONE;
    }

    public static VectorAggregation of(Operation operation, Grouping grouping) {
        return new VectorAggregation(operation, 0, grouping);
    }

    public StepEvaluator evaluate(StepEvaluator input) {
        return StepEvaluators.map(input, v -> new Vector(v.tsNanos(), apply(v.elements())));
    }

    /** Aggregates one step's vector. */
    public List<LabeledValue> apply(List<LabeledValue> in) {
        if ((operation == Operation.TOPK || operation == Operation.BOTTOMK) && k < 1) return List.of();
        Map<Labels, List<LabeledValue>> groups = new LinkedHashMap<>();
        for (LabeledValue e : in) groups.computeIfAbsent(grouping.apply(e.labels()), x -> new ArrayList<>()).add(e);
        List<LabeledValue> out = new ArrayList<>();
        groups.forEach((labels, members) -> {
            if (operation.selectsElements()) out.addAll(select(members));
            else out.add(new LabeledValue(labels, reduce(members)));
        });
        return out;
    }

    private double reduce(List<LabeledValue> members) {
        double first = members.getFirst().value();
        switch (operation) {
            case SUM -> {
                double s = 0;
                for (LabeledValue e : members) s += e.value();
                return s;
            }
            case AVG -> {
                double mean = first;
                for (int i = 1; i < members.size(); i++) {
                    double x = members.get(i).value();
                    if (Double.isInfinite(mean)) {
                        if (Double.isInfinite(x) && (mean > 0) == (x > 0)) continue;
                        if (!Double.isInfinite(x) && !Double.isNaN(x)) continue;
                    }
                    mean += (x - mean) / (i + 1);
                }
                return mean;
            }
            case MIN, MAX -> {
                double m = first;
                for (LabeledValue e : members) {
                    double x = e.value();
                    boolean better = operation == Operation.MAX ? m < x : m > x;
                    if (better || Double.isNaN(m)) m = x;
                }
                return m;
            }
            case COUNT -> {
                return members.size();
            }
            case STDDEV, STDVAR -> {
                double mean = 0, aux = 0;
                int n = 0;
                for (LabeledValue e : members) {
                    n++;
                    double delta = e.value() - mean;
                    mean += delta / n;
                    aux += delta * (e.value() - mean);
                }
                double variance = aux / n;
                return operation == Operation.STDDEV ? Math.sqrt(variance) : variance;
            }
            default -> throw new IllegalStateException(operation.name());
        }
    }

    /**
     * topk/sort_desc: highest first; bottomk/sort: lowest first; NaN always last. Ties keep input order, so
     * topk keeps the first-seen of equal values, as Loki's heap does.
     */
    private List<LabeledValue> select(List<LabeledValue> members) {
        boolean descending = operation == Operation.TOPK || operation == Operation.SORT_DESC;
        Comparator<LabeledValue> byValue = (a, b) -> {
            boolean an = Double.isNaN(a.value()), bn = Double.isNaN(b.value());
            if (an || bn) return Boolean.compare(an, bn);
            int c = a.value() < b.value() ? -1 : a.value() > b.value() ? 1 : 0; // Go's <, where -0 equals 0
            return descending ? -c : c;
        };
        List<LabeledValue> sorted = new ArrayList<>(members);
        sorted.sort(byValue);
        boolean limited = operation == Operation.TOPK || operation == Operation.BOTTOMK;
        return limited && sorted.size() > k ? sorted.subList(0, k) : sorted;
    }
}
