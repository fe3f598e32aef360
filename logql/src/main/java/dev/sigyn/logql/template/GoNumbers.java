package dev.sigyn.logql.template;

import dev.sigyn.format.FormatException;
import dev.sigyn.format.GoFloats;
import dev.sigyn.format.GoInts;


/** Go's strconv number parsing as the template functions use it (base 0 for integers). */
final class GoNumbers {
    private GoNumbers() {}

    /** strconv.ParseInt(s, 0, 64), as Go's templates read integer literals, or null where Go gives an error. */
    static Long parseInt(String s) {
        try {
            return GoInts.parseInt(s, 0);
        } catch (FormatException e) {
            return null;
        }
    }

    /** strconv.ParseFloat(s, 64), or null where Go gives an error. */
    static Double parseFloat(String s) {
        try {
            return GoFloats.parse(s);
        } catch (FormatException e) {
            return null;
        }
    }
}
