package dev.sigyn.logql.template;

import dev.sigyn.format.GoFloats;

import static dev.sigyn.logql.template.TemplateFunction.Param.ANY;
import static dev.sigyn.logql.template.TemplateFunction.Param.INT;
import static dev.sigyn.logql.template.TemplateFunction.of;
import static dev.sigyn.logql.template.TemplateFunction.variadic;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * sprig's arithmetic as Loki exposes it. Label values are strings, so every operand goes through
 * spf13/cast's lenient conversion: unparsable text counts as 0 rather than failing.
 */
final class MathFunctions {
    private MathFunctions() {}

    static List<TemplateFunction> all() {
        return List.of(
                of("int", (c, a) -> toInt64(a[0]), ANY),
                of("float64", (c, a) -> toFloat64(a[0]), ANY),
                variadic("add", (c, a) -> {
                    long sum = 0;
                    for (Object o : a) sum += toInt64(o);
                    return sum;
                }, ANY),
                of("sub", (c, a) -> toInt64(a[0]) - toInt64(a[1]), ANY, ANY),
                variadic("mul", (c, a) -> {
                    long p = toInt64(a[0]);
                    for (int i = 1; i < a.length; i++) p *= toInt64(a[i]);
                    return p;
                }, ANY, ANY),
                of("div", (c, a) -> toInt64(a[0]) / toInt64(a[1]), ANY, ANY),
                of("mod", (c, a) -> toInt64(a[0]) % toInt64(a[1]), ANY, ANY),
                variadic("addf", (c, a) -> {
                    BigDecimal sum = BigDecimal.ZERO;
                    for (Object o : a) sum = sum.add(decimal(o));
                    return sum.doubleValue();
                }, ANY),
                variadic("subf", (c, a) -> fold(a, BigDecimal::subtract), ANY, ANY),
                variadic("mulf", (c, a) -> fold(a, BigDecimal::multiply), ANY, ANY),
                variadic("divf", (c, a) -> fold(a, MathFunctions::divide), ANY, ANY),
                variadic("max", (c, a) -> {
                    long m = toInt64(a[0]);
                    for (int i = 1; i < a.length; i++) m = Math.max(m, toInt64(a[i]));
                    return m;
                }, ANY, ANY),
                variadic("min", (c, a) -> {
                    long m = toInt64(a[0]);
                    for (int i = 1; i < a.length; i++) m = Math.min(m, toInt64(a[i]));
                    return m;
                }, ANY, ANY),
                variadic("maxf", (c, a) -> {
                    double m = toFloat64(a[0]);
                    for (int i = 1; i < a.length; i++) m = Math.max(m, toFloat64(a[i]));
                    return m;
                }, ANY, ANY),
                variadic("minf", (c, a) -> {
                    double m = toFloat64(a[0]);
                    for (int i = 1; i < a.length; i++) m = Math.min(m, toFloat64(a[i]));
                    return m;
                }, ANY, ANY),
                of("ceil", (c, a) -> Math.ceil(toFloat64(a[0])), ANY),
                of("floor", (c, a) -> Math.floor(toFloat64(a[0])), ANY),
                variadic("round", (c, a) -> round(toFloat64(a[0]), (Long) a[1], a.length > 2 ? toFloat64(a[2]) : 0.5),
                        ANY, INT, ANY));
    }

    private interface DecimalOp {
        BigDecimal apply(BigDecimal a, BigDecimal b);
    }

    private static double fold(Object[] a, DecimalOp op) {
        BigDecimal r = decimal(a[0]);
        for (int i = 1; i < a.length; i++) r = op.apply(r, decimal(a[i]));
        return r.doubleValue();
    }

    /** shopspring/decimal keeps 16 digits after the point when dividing, rounding half away from zero. */
    private static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) throw new GoError("decimal division by 0");
        return a.divide(b, 16, RoundingMode.HALF_UP);
    }

    /** decimal.NewFromFloat: the shortest decimal that reads back as the same float64. */
    private static BigDecimal decimal(Object o) {
        double d = toFloat64(o);
        if (!Double.isFinite(d)) throw new GoError("Cannot create a Decimal from " + GoFloats.formatG(d, -1, 'e'));
        return new BigDecimal(Double.toString(d), MathContext.UNLIMITED);
    }

    private static double round(double val, long places, double roundOn) {
        double pow = Math.pow(10, places);
        double digit = pow * val;
        double frac = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit));
        double r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
        return r / pow;
    }

    /** cast.ToInt64: numbers truncate, booleans are 0/1, strings parse (base prefixes allowed), else 0. */
    static long toInt64(Object o) {
        return switch (o) {
            case Long l -> l;
            case Double d -> (long) (double) d;
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                Long v = GoNumbers.parseInt(trimZeroDecimal(s));
                yield v == null ? 0 : v;
            }
            case null, default -> 0;
        };
    }

    /** cast.ToFloat64. */
    static double toFloat64(Object o) {
        return switch (o) {
            case Long l -> (double) l;
            case Double d -> d;
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                Double v = GoNumbers.parseFloat(s);
                yield v == null ? 0 : v;
            }
            case null, default -> 0;
        };
    }

    /** cast accepts "12.0" and "12.000" as integers. */
    private static String trimZeroDecimal(String s) {
        int dot = s.indexOf('.');
        if (dot < 0 || dot == s.length() - 1) return s;
        for (int i = dot + 1; i < s.length(); i++) if (s.charAt(i) != '0') return s;
        return s.substring(0, dot);
    }
}
