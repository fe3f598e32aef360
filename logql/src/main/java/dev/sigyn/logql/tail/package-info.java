/**
 * The live-tail seam between the querier and where recent data is pushed: a {@link dev.sigyn.logql.tail.LiveTails}
 * takes a tail's whole log query and hands its {@link dev.sigyn.logql.tail.TailListener} only the lines that survived
 * the query's pipeline (and notes of entries it had to drop), as values a network client could carry.
 */
package dev.sigyn.logql.tail;
