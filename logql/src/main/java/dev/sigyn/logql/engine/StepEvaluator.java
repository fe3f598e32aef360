package dev.sigyn.logql.engine;

import java.util.Iterator;

/** Produces the vector of an expression at each step time, in order. */
public interface StepEvaluator extends Iterator<Vector> {
}
